"""The national templates as data: dataclasses and a validating TOML loader.

A template file (`rules/templates/2020.toml`, `2021.toml`) has a `[template]` table (metadata),
`[[tables]]` (the statistical tables: header labels, column sets, rows with label variants, row
sets, detection evidence, superseded labels) and `[[relations]]` (the arithmetic relations written
in the expression language of `expr.py`). Unknown keys are errors naming the file and the key.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..text import norm
from .expr import Expr, ExprError, parse

LABEL_KINDS = ("official", "variant", "truncation", "typo", "old", "local")
SEVERITIES = ("error", "warning", "info")
FOR_EACH = ("column", "row", "cell")
# Label prefixes that may be written differently or lost in extraction (1. / 1、 / （1）; （一）; 一、).
_NUM_PREFIX = re.compile(r"^(\d+)\.(.+)$")
_PAREN_PREFIX = re.compile(r"^（([一二三四五六七八九十]+)）(.+)$")
_CN_PREFIX = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
_MIN_BARE = 4  # shorter bare labels (总计, 其他) would match column headers


class TemplateError(ValueError):
    """A template or relation definition is invalid; the message names the file and the key."""


@dataclass(frozen=True)
class LabelDef:
    """One way a label is written. `exact`: only a whole cell matches (truncations like 本年新)."""

    text: str
    kind: str = "official"
    exact: bool = False
    note: str | None = None
    region: str | None = None
    prefixes: tuple[str, ...] = ()  # normalised numbering that may precede a bare label

    @property
    def norm(self) -> str:
        return norm(self.text)


@dataclass(frozen=True, eq=False)
class HeaderDef:
    """A header label that is not a column of its own (信息内容, 申请人情况, 行政复议 …)."""

    key: str
    label: str
    labels: tuple[LabelDef, ...]


@dataclass(frozen=True, eq=False)
class ColumnDef:
    key: str
    label: str
    labels: tuple[LabelDef, ...]
    money: bool = False  # a value may carry a unit in the cell (251000元)
    unit: str | None = None  # the unit the header states (万元)
    signed: bool = False  # may be negative (本年增/减)


@dataclass(frozen=True, eq=False)
class ColumnSetDef:
    """The columns of a group of rows; `prefix` is header text printed before the column labels."""

    key: str
    columns: tuple[ColumnDef, ...]
    prefix: tuple[HeaderDef, ...] = ()

    # Derived tables are computed once (binding reads them for every row of every report).
    @cached_property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    @cached_property
    def labels(self) -> tuple[str, ...]:
        """The official column labels, in column order."""
        return tuple(c.label for c in self.columns)

    @cached_property
    def money(self) -> bool:
        """Whether any column may carry a money unit in its cells."""
        return any(c.money for c in self.columns)

    def column(self, key: str) -> ColumnDef | None:
        return next((c for c in self.columns if c.key == key), None)


@dataclass(frozen=True, eq=False)
class RowDef:
    key: str
    label: str
    labels: tuple[LabelDef, ...]
    group: bool = False  # a group label with no values (三、本年度办理结果, （三）不予公开)
    columns: str | None = None  # column-set key (for a group row: the header printed after it)
    item: str | None = None  # 第二十条 item (table 二)
    anchor: str = "label"  # "header": the row has no label, its values follow the table header
    old_if_values: str | None = None  # a group row followed by values is the old layout


@dataclass(frozen=True, eq=False)
class ElementDef:
    """One label of a table in reading order (header, column header or row): what binding
    matches, in template order, to find the table in a document."""

    kind: str  # header | column | row
    key: str  # header key, "set.column", or row key
    label: str
    labels: tuple[LabelDef, ...]
    row: RowDef | None = None


@dataclass(frozen=True, eq=False)
class EvidenceDef:
    """Structural evidence for this template: `row` is bound (and has values when asked)."""

    row: str
    has_values: bool
    weight: float
    note: str


@dataclass(frozen=True, eq=False)
class OldLabelDef:
    """A label of a superseded template; seeing it in this template's table is evidence."""

    label: LabelDef
    note: str


@dataclass(frozen=True, eq=False)
class TableDef:
    key: str
    section: int
    title: str
    rows: tuple[RowDef, ...]
    column_sets: Mapping[str, ColumnSetDef]
    header: tuple[ElementDef, ...] = ()
    sets: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    evidence: tuple[EvidenceDef, ...] = ()
    old_labels: tuple[OldLabelDef, ...] = ()
    min_match: int = 3
    split_checks: tuple[str, ...] = ()  # row relations that decide run-together digits
    elements: tuple[ElementDef, ...] = ()

    def row(self, key: str) -> RowDef | None:
        return self._rows_by_key.get(key)

    def value_rows(self) -> tuple[RowDef, ...]:
        return self._value_rows

    def rows_column_set(self, row_key: str) -> str | None:
        r = self.row(row_key)
        return r.columns if r is not None else None

    def column_set_of(self, row_key: str) -> ColumnSetDef | None:
        r = self.row(row_key)
        return self.column_sets.get(r.columns) if r is not None and r.columns else None

    # Lookups computed once per template (binding and relations use them for every report).
    @cached_property
    def _rows_by_key(self) -> dict[str, RowDef]:
        out: dict[str, RowDef] = {}
        for r in self.rows:
            out.setdefault(r.key, r)
        return out

    @cached_property
    def _value_rows(self) -> tuple[RowDef, ...]:
        return tuple(r for r in self.rows if not r.group)

    @cached_property
    def row_elements(self) -> frozenset[int]:
        """Indexes of the elements that are row labels."""
        return frozenset(i for i, el in enumerate(self.elements) if el.kind == "row")

    @cached_property
    def header_anchored(self) -> bool:
        """Whether some row has no label of its own (table 四: values follow the header)."""
        return any(r.anchor == "header" for r in self.rows)


@dataclass(frozen=True, eq=False)
class RelationDef:
    id: str
    table: str
    expr: Expr
    for_each: str  # column | row | cell
    severity: str
    official: bool
    description: str
    rows: tuple[str, ...] | None = None
    columns: tuple[str, ...] | None = None
    integer: bool = False  # per-cell: values must also be whole numbers
    basis: str | None = None
    source: str = ""


@dataclass(frozen=True, eq=False)
class Template:
    id: str
    name: str
    document: str
    date: str
    tables: Mapping[str, TableDef]
    relations: tuple[RelationDef, ...] = ()
    published: str | None = None
    from_year: int | None = None
    to_year: int | None = None
    advisory_years: tuple[int, ...] = ()  # years the format was encouraged, not required
    description: str = ""
    path: str = ""

    def governs(self, year: int) -> bool:
        """Whether reports for `year` are expected to follow this template."""
        return ((self.from_year is None or year >= self.from_year)
                and (self.to_year is None or year <= self.to_year))

    def relation(self, rid: str) -> RelationDef | None:
        return next((r for r in self.relations if r.id == rid), None)


# --- loading -------------------------------------------------------------------------------

_KEYS = {
    "file": {"template", "tables", "relations"},
    "template": {"id", "name", "document", "date", "published", "from_year", "to_year",
                 "advisory_years", "description"},
    "table": {"key", "section", "title", "header", "column_sets", "rows", "sets", "evidence",
              "old_labels", "min_match", "split_checks"},
    "column_set": {"key", "prefix", "columns"},
    "column": {"key", "label", "variants", "money", "unit", "signed"},
    "header": {"key", "label", "variants", "column"},
    "row": {"key", "label", "variants", "group", "columns", "anchor", "old_if_values"},
    "variant": {"label", "kind", "exact", "note", "region"},
    "evidence": {"row", "has_values", "weight", "note"},
    "old_label": {"label", "note", "kind", "exact", "region"},
    "relation": {"id", "table", "expr", "for_each", "rows", "columns", "severity", "official",
                 "description", "integer", "basis"},
}


def load_template_file(path: Path | Any, name: str | None = None) -> Template:
    """Load one template TOML file (a `Path` or an importlib Traversable)."""
    where = name or str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{where}: TOML 语法错误：{exc}") from None
    return parse_template(data, where)


def parse_template(data: Mapping[str, Any], where: str) -> Template:
    """Build a `Template` from parsed TOML; `where` names the file in error messages."""
    _keys(data, "file", where, "")
    meta = _req(data, "template", dict, where, "")
    _keys(meta, "template", where, "template")
    tables: dict[str, TableDef] = {}
    for i, t in enumerate(_opt(data, "tables", list, where, "", [])):
        tdef = _table(t, where, f"tables[{i}]")
        if tdef.key in tables:
            raise TemplateError(f"{where}: tables[{i}].key: 表 {tdef.key!r} 重复")
        tables[tdef.key] = tdef
    relations = tuple(parse_relation(r, where, f"relations[{i}]", tables)
                      for i, r in enumerate(_opt(data, "relations", list, where, "", [])))
    _unique([r.id for r in relations], where, "relations", "关系 id")
    for tdef in tables.values():
        _check_split_checks(tdef, relations, where)
    return Template(
        id=_req(meta, "id", str, where, "template"),
        name=_req(meta, "name", str, where, "template"),
        document=_req(meta, "document", str, where, "template"),
        date=_req(meta, "date", str, where, "template"),
        published=_opt(meta, "published", str, where, "template"),
        from_year=_opt(meta, "from_year", int, where, "template"),
        to_year=_opt(meta, "to_year", int, where, "template"),
        advisory_years=tuple(_opt(meta, "advisory_years", list, where, "template", [])),
        description=_opt(meta, "description", str, where, "template", ""),
        tables=tables, relations=relations, path=where)


def parse_relation(data: Mapping[str, Any], where: str, at: str,
                   tables: Mapping[str, TableDef]) -> RelationDef:
    """Build and check one relation (also used by province packs for their `relation` rules).

    Every name must be a row key or row set (per column), a column key (per row) or `cell`.
    """
    _keys(data, "relation", where, at)
    table = _req(data, "table", str, where, at)
    tdef = tables.get(table)
    if tdef is None:
        raise TemplateError(f"{where}: {at}.table: 未知的表 {table!r}")
    for_each = _req(data, "for_each", str, where, at)
    _choice(for_each, FOR_EACH, where, f"{at}.for_each")
    severity = _req(data, "severity", str, where, at)
    _choice(severity, SEVERITIES, where, f"{at}.severity")
    try:
        expr = parse(_req(data, "expr", str, where, at), tdef.sets)
    except ExprError as exc:
        raise TemplateError(f"{where}: {at}.expr: {exc}") from None
    rel = RelationDef(
        id=_req(data, "id", str, where, at), table=table, expr=expr, for_each=for_each,
        severity=severity, official=_opt(data, "official", bool, where, at, False),
        description=_req(data, "description", str, where, at),
        rows=_tuple_or_none(_opt(data, "rows", list, where, at)),
        columns=_tuple_or_none(_opt(data, "columns", list, where, at)),
        integer=_opt(data, "integer", bool, where, at, False),
        basis=_opt(data, "basis", str, where, at), source=where)
    _check_relation_names(rel, tdef, where, at)
    return rel


def _table(t: Any, where: str, at: str) -> TableDef:
    if not isinstance(t, dict):
        raise TemplateError(f"{where}: {at}: 应为表")
    _keys(t, "table", where, at)
    column_sets: dict[str, ColumnSetDef] = {}
    for i, cs in enumerate(_opt(t, "column_sets", list, where, at, [])):
        csd = _column_set(cs, where, f"{at}.column_sets[{i}]")
        column_sets[csd.key] = csd
    rows = _with_items(tuple(_row(r, where, f"{at}.rows[{i}]", column_sets)
                             for i, r in enumerate(_req(t, "rows", list, where, at))))
    _unique([r.key for r in rows], where, f"{at}.rows", "行 key")
    header = tuple(_header(h, where, f"{at}.header[{i}]", column_sets)
                   for i, h in enumerate(_opt(t, "header", list, where, at, [])))
    row_keys = {r.key for r in rows}
    sets = {}
    for name, members in _opt(t, "sets", dict, where, at, {}).items():
        if not isinstance(members, list):
            raise TemplateError(f"{where}: {at}.sets.{name}: 应为行 key 列表")
        bad = [m for m in members if m not in row_keys]
        if bad:
            raise TemplateError(f"{where}: {at}.sets.{name}: 未知的行 {bad}")
        if name in row_keys:
            raise TemplateError(f"{where}: {at}.sets.{name}: 集合名与行 key 重名")
        sets[name] = tuple(members)
    evidence = tuple(_evidence(e, where, f"{at}.evidence[{i}]", row_keys)
                     for i, e in enumerate(_opt(t, "evidence", list, where, at, [])))
    old = tuple(_old_label(o, where, f"{at}.old_labels[{i}]")
                for i, o in enumerate(_opt(t, "old_labels", list, where, at, [])))
    return TableDef(
        key=_req(t, "key", str, where, at), section=_req(t, "section", int, where, at),
        title=_req(t, "title", str, where, at), rows=rows, column_sets=column_sets,
        header=header, sets=sets, evidence=evidence, old_labels=old,
        min_match=_opt(t, "min_match", int, where, at, 3),
        split_checks=tuple(_opt(t, "split_checks", list, where, at, [])),
        elements=_elements(header, rows, column_sets))


def _with_items(rows: tuple[RowDef, ...]) -> tuple[RowDef, ...]:
    """Give each data row the label of the group row with a column set above it (第二十条第（一）项)."""
    out, item = [], None
    for r in rows:
        if r.group:
            item = r.label if r.columns else None
            out.append(r)
        else:
            out.append(replace(r, item=item) if item else r)
    return tuple(out)


def _column_set(cs: Any, where: str, at: str) -> ColumnSetDef:
    _keys(cs, "column_set", where, at)
    cols = []
    for i, c in enumerate(_req(cs, "columns", list, where, at)):
        cat = f"{at}.columns[{i}]"
        _keys(c, "column", where, cat)
        label = _req(c, "label", str, where, cat)
        cols.append(ColumnDef(
            key=_req(c, "key", str, where, cat), label=label,
            labels=_labels(label, _opt(c, "variants", list, where, cat, []), where, cat),
            money=_opt(c, "money", bool, where, cat, False), unit=_opt(c, "unit", str, where, cat),
            signed=_opt(c, "signed", bool, where, cat, False)))
    _unique([c.key for c in cols], where, at, "列 key")
    prefix = tuple(_header(h if isinstance(h, dict) else {"key": f"prefix{i}", "label": h},
                           where, f"{at}.prefix[{i}]", {})
                   for i, h in enumerate(_opt(cs, "prefix", list, where, at, [])))
    return ColumnSetDef(_req(cs, "key", str, where, at), tuple(cols), prefix)


def _header(h: Any, where: str, at: str, column_sets: Mapping[str, ColumnSetDef]) -> ElementDef:
    if not isinstance(h, dict):
        raise TemplateError(f"{where}: {at}: 应为表")
    _keys(h, "header", where, at)
    if "column" in h:  # `{ column = "set.key" }` reuses a column's labels
        ref = _req(h, "column", str, where, at)
        set_key, _, col_key = ref.partition(".")
        col = column_sets.get(set_key).column(col_key) if set_key in column_sets else None
        if col is None:
            raise TemplateError(f"{where}: {at}.column: 未知的列 {ref!r}")
        return ElementDef("column", ref, col.label, col.labels)
    label = _req(h, "label", str, where, at)
    key = _req(h, "key", str, where, at)
    return ElementDef("header", key, label,
                      _labels(label, _opt(h, "variants", list, where, at, []), where, at))


def _row(r: Any, where: str, at: str, column_sets: Mapping[str, ColumnSetDef]) -> RowDef:
    if not isinstance(r, dict):
        raise TemplateError(f"{where}: {at}: 应为表")
    _keys(r, "row", where, at)
    label = _req(r, "label", str, where, at)
    group = _opt(r, "group", bool, where, at, False)
    columns = _opt(r, "columns", str, where, at)
    if columns is not None and columns not in column_sets:
        raise TemplateError(f"{where}: {at}.columns: 未知的列组 {columns!r}")
    if not group and columns is None:
        raise TemplateError(f"{where}: {at}: 数据行必须指定 columns")
    anchor = _opt(r, "anchor", str, where, at, "label")
    _choice(anchor, ("label", "header"), where, f"{at}.anchor")
    return RowDef(key=_req(r, "key", str, where, at), label=label,
                  labels=_labels(label, _opt(r, "variants", list, where, at, []), where, at,
                                 numbered=True),
                  group=group, columns=columns, anchor=anchor,
                  old_if_values=_opt(r, "old_if_values", str, where, at))


def _labels(label: str, variants: list[Any], where: str, at: str,
            numbered: bool = False) -> tuple[LabelDef, ...]:
    out = [LabelDef(label)]
    for i, v in enumerate(variants):
        out.append(_label(v, where, f"{at}.variants[{i}]"))
    if numbered:
        out.extend(_numbering_variants(out))
    seen: set[tuple[str, bool]] = set()
    uniq = []
    for lab in out:
        if (lab.norm, lab.exact) not in seen:
            seen.add((lab.norm, lab.exact))
            uniq.append(lab)
    return tuple(uniq)


def _label(v: Any, where: str, at: str, kind: str = "variant") -> LabelDef:
    if isinstance(v, str):
        return LabelDef(v, kind, exact=kind == "truncation")
    if not isinstance(v, dict):
        raise TemplateError(f"{where}: {at}: 应为字符串或表")
    _keys(v, "variant", where, at)
    kind = _opt(v, "kind", str, where, at, kind)
    _choice(kind, LABEL_KINDS, where, f"{at}.kind")
    return LabelDef(_req(v, "label", str, where, at), kind,
                    exact=_opt(v, "exact", bool, where, at, kind == "truncation"),
                    note=_opt(v, "note", str, where, at), region=_opt(v, "region", str, where, at))


def _numbering_variants(labels: list[LabelDef]) -> list[LabelDef]:
    """1.xxx → 1、xxx, （1）xxx and bare xxx; （一）xxx and 一、xxx → bare xxx (long labels only).

    Bare labels remember the prefixes that may precede them, so binding can take the prefix back
    into the label when digits run into it (…00000002.其他法律… in crawler text)."""
    out = []
    for lab in labels:
        if lab.exact:
            continue
        kind = "variant" if lab.kind == "official" else lab.kind
        n = norm(lab.text)
        if m := _NUM_PREFIX.match(n):
            num, rest = m.groups()
            prefixes = (f"{num}.", f"{num}、", f"（{num}）")
            out += [LabelDef(f"{num}、{rest}", kind, note=lab.note),
                    LabelDef(f"（{num}）{rest}", kind, note=lab.note)]
        elif m := _PAREN_PREFIX.match(n) or _CN_PREFIX.match(n):
            num, rest = m.groups()
            prefixes = (f"（{num}）", f"{num}、")
        else:
            continue
        if len(rest) >= _MIN_BARE:
            out.append(LabelDef(rest, kind, note=lab.note, prefixes=prefixes))
    return out


def _old_label(o: Any, where: str, at: str) -> OldLabelDef:
    if not isinstance(o, dict):
        raise TemplateError(f"{where}: {at}: 应为表")
    _keys(o, "old_label", where, at)
    lab = _label({k: v for k, v in o.items() if k != "note"} | {"kind": "old"}, where, at)
    return OldLabelDef(lab, _req(o, "note", str, where, at))


def _evidence(e: Any, where: str, at: str, rows: set[str]) -> EvidenceDef:
    _keys(e, "evidence", where, at)
    row = _req(e, "row", str, where, at)
    if row not in rows:
        raise TemplateError(f"{where}: {at}.row: 未知的行 {row!r}")
    return EvidenceDef(row, _opt(e, "has_values", bool, where, at, False),
                       float(_opt(e, "weight", (int, float), where, at, 1)),
                       _req(e, "note", str, where, at))


def _elements(header: tuple[ElementDef, ...], rows: tuple[RowDef, ...],
              column_sets: Mapping[str, ColumnSetDef]) -> tuple[ElementDef, ...]:
    """Header, then rows; a group row that names a column set is followed by that set's header
    (table 二: 第二十条第（一）项 · 信息内容 · 本年制发件数 … · 规章 · 行政规范性文件 · …)."""
    out = list(header)
    for r in rows:
        if r.anchor == "label":
            out.append(ElementDef("row", r.key, r.label, r.labels, r))
        if r.group and r.columns:
            cs = column_sets[r.columns]
            out.extend(cs.prefix)
            out.extend(ElementDef("column", f"{cs.key}.{c.key}", c.label, c.labels)
                       for c in cs.columns)
    return tuple(out)


def _check_relation_names(rel: RelationDef, tdef: TableDef, where: str, at: str) -> None:
    row_keys = {r.key for r in tdef.rows}
    for key in rel.rows or ():
        if key not in row_keys:
            raise TemplateError(f"{where}: {at}.rows: 未知的行 {key!r}")
    unknown_sets = rel.expr.set_names - set(tdef.sets)
    if unknown_sets:
        raise TemplateError(f"{where}: {at}.expr: 未知的行集合 {sorted(unknown_sets)}")
    if rel.for_each == "column":
        bad = rel.expr.names - row_keys
        if bad:
            raise TemplateError(f"{where}: {at}.expr: 按列计算时名字必须是行 key：{sorted(bad)}")
        used = set(rel.expr.names)
        for name in rel.expr.set_names:
            used |= set(tdef.sets[name])
        if len({tdef.rows_column_set(k) for k in used}) > 1:
            raise TemplateError(f"{where}: {at}.expr: 按列计算的行必须属于同一列组")
        _check_columns(rel, tdef, where, at)
        return
    if rel.for_each == "cell":
        bad = rel.expr.names - {"cell"}
        if bad or rel.expr.set_names:
            raise TemplateError(f"{where}: {at}.expr: 按单元格计算时只能用 cell：{sorted(bad)}")
        _check_columns(rel, tdef, where, at)
        return
    for key in rel.rows or [r.key for r in tdef.value_rows()]:
        cs = tdef.column_set_of(key)
        if rel.rows and (cs is None or not rel.expr.names <= set(cs.keys)):
            raise TemplateError(f"{where}: {at}.expr: 行 {key!r} 没有列 "
                                f"{sorted(rel.expr.names - set(cs.keys if cs else ()))}")
    if rel.expr.set_names:
        raise TemplateError(f"{where}: {at}.expr: 按行计算时不能用行集合")
    if not rel.rows and not any(
            (cs := tdef.column_set_of(r.key)) and rel.expr.names <= set(cs.keys)
            for r in tdef.value_rows()):
        raise TemplateError(f"{where}: {at}.expr: 没有哪一行有列 {sorted(rel.expr.names)}")


def _check_columns(rel: RelationDef, tdef: TableDef, where: str, at: str) -> None:
    keys = set()
    for cs in tdef.column_sets.values():
        keys |= set(cs.keys)
    bad = set(rel.columns or ()) - keys
    if bad:
        raise TemplateError(f"{where}: {at}.columns: 未知的列 {sorted(bad)}")


def _check_split_checks(tdef: TableDef, relations: Iterable[RelationDef], where: str) -> None:
    by_id = {r.id: r for r in relations}
    for rid in tdef.split_checks:
        rel = by_id.get(rid)
        if rel is None or rel.table != tdef.key or rel.for_each != "row":
            raise TemplateError(f"{where}: tables.{tdef.key}.split_checks: {rid!r} 不是本表的按行关系")


# --- small validation helpers --------------------------------------------------------------

def _keys(d: Any, kind: str, where: str, at: str) -> None:
    if not isinstance(d, dict):
        raise TemplateError(f"{where}: {at or kind}: 应为表")
    for k in d:
        if k not in _KEYS[kind]:
            path = f"{at}.{k}" if at else k
            raise TemplateError(f"{where}: 未知的键 {path!r}")


def _req(d: Mapping[str, Any], key: str, typ: Any, where: str, at: str) -> Any:
    if key not in d:
        raise TemplateError(f"{where}: {_path(at, key)}: 缺少必填键")
    return _typed(d[key], typ, where, _path(at, key))


def _opt(d: Mapping[str, Any], key: str, typ: Any, where: str, at: str, default: Any = None) -> Any:
    return _typed(d[key], typ, where, _path(at, key)) if key in d else default


def _typed(v: Any, typ: Any, where: str, path: str) -> Any:
    if typ is int and isinstance(v, bool) or not isinstance(v, typ):
        raise TemplateError(f"{where}: {path}: 类型错误（{type(v).__name__}）")
    return v


def _path(at: str, key: str) -> str:
    return f"{at}.{key}" if at else key


def _choice(v: str, allowed: Iterable[str], where: str, path: str) -> None:
    if v not in allowed:
        raise TemplateError(f"{where}: {path}: {v!r} 不在 {list(allowed)} 中")


def _unique(keys: list[str], where: str, at: str, what: str) -> None:
    seen: set[str] = set()
    for k in keys:
        if k in seen:
            raise TemplateError(f"{where}: {at}: {what} {k!r} 重复")
        seen.add(k)


def _tuple_or_none(v: list[str] | None) -> tuple[str, ...] | None:
    return tuple(v) if v else None
