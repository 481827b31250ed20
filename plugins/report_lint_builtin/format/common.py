"""What the FMT rules share: the national templates, the template a report year expects, and the
binder's label hits.

Detection itself is the binder's (`report_lint.templates.bind`): it scores every template against
each statistical table, tolerating extraction damage through the truncation/typo variants of
`rules/templates/*.toml`, and records every label it matched with its kind (official, variant,
truncation, typo, local, old). The FMT rules only judge what it found; the one thing they add is
`label_scan`/`scan_table`, which find in a bound table's text the labels only a newer template
uses (the binder records old labels in new tables, not the reverse) and rows left unbound
because they stand out of template order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterator

from report_lint.model import BoundTable, Report, TemplateMatch
from report_lint.source import Span
from report_lint.text import norm_with_map

# Tables whose layout differs between the national templates (表四 is the same in both).
DISTINCT_TABLES = ("active_disclosure", "requests")
TABLE_NAMES = {"active_disclosure": "表二（主动公开政府信息情况）",
               "requests": "表三（收到和处理政府信息公开申请情况）",
               "review_litigation": "表四（政府信息公开行政复议、行政诉讼情况）"}
SHORT_NAMES = {"active_disclosure": "表二", "requests": "表三", "review_litigation": "表四"}
_MIN_FOREIGN = 4  # shorter labels (其他, 总计) are shared words, not evidence of a template


def templates() -> dict[str, Any]:
    """The national templates by id (cached by the templates package)."""
    from report_lint.templates import load_templates

    return load_templates()


def template_name(tid: str | None) -> str:
    """`2021年格式（国办公开办函〔2021〕30号）` / `2019年试行格式（国办公开办函〔2019〕60号）`."""
    t = templates().get(tid or "")
    if t is None:
        return f"模板 {tid}"
    trial = "试行" if "试行" in t.name else ""
    return f"{t.date[:4]}年{trial}格式（{t.document}）"


def expected_template(year: int) -> Any | None:
    """The template that governs reports of `year` (the newest if several), or None (≤ 2018)."""
    governing = [t for t in templates().values() if t.governs(year)]
    return max(governing, key=lambda t: (t.date, t.id)) if governing else None


def label_hits(report: Report) -> list[Any]:
    """The binder's `LabelHit`s for this report (`Report.labels`, kept by `build_report`)."""
    return list(getattr(report, "labels", None) or report.cache.get("labels") or ())


def table_matches(report: Report, keys: tuple[str, ...] = DISTINCT_TABLES
                  ) -> dict[str, TemplateMatch]:
    """Per-table template matches with a template id, for the tables in `keys`."""
    return {k: m for k, m in report.table_templates.items() if k in keys and m.id is not None}


def table_span(report: Report, key: str) -> Span | None:
    """Where a bound table is: its first row label, else its table block, else its heading."""
    bound: BoundTable | None = report.tables.get(key)
    if bound is not None:
        spans = [r.label_span for r in bound.rows.values() if r.label_span is not None]
        if spans:
            return min(spans, key=lambda s: s.start)
        if bound.table is not None:
            return bound.table.span
    for s in report.document.sections:
        if s.key == key:
            return s.heading_span
    return None


def evidence_span(report: Report, key: str, tid: str) -> Span | None:
    """The span of the first distinctive label the binder gave as evidence for `tid` in table
    `key`, else the table's span."""
    match = report.table_templates.get(key)
    quoted = []
    for ev in (match.evidence if match else []):
        if "“" in ev and "”" in ev:
            quoted.append(ev[ev.index("“") + 1:ev.rindex("”")])
    for h in label_hits(report):
        if h.table == key and h.template == tid and h.span is not None and h.written in quoted:
            return h.span
    if match is not None and any("（六）" in ev for ev in match.evidence):
        for h in label_hits(report):
            if h.table == key and h.template == tid and "其他处理" in h.official and h.span:
                return h.span
    return table_span(report, key)


def evidence_text(match: TemplateMatch, limit: int = 3) -> str:
    """A few of the binder's reasons, deduplicated, for a message."""
    out: list[str] = []
    for ev in match.evidence:
        short = ev.split("：", 1)[1] if "：“" in ev else ev
        if short.startswith("“") and len(short) > 18:
            short = short[:15] + "…”"
        elif not short.startswith("“"):
            short = re.sub(r"（[^（）]*）$", "", short)  # the note's own “（2019 格式）”
        if short not in out and "两种格式相同" not in short:
            out.append(short)
    return "、".join(out[:limit])


@dataclass(frozen=True)
class LabelScan:
    """The labels of one (template, table) for scanning a table's text.

    `own` maps each label (normalised) of the template's table to the row key it names (None
    for column and header labels); `foreign` maps labels only newer templates use in that table
    to (template id, whether the template's table has a row of the same key). `pattern` is one
    longest-first alternation of both, so that a longer label wins where labels overlap
    (行政规范性文件 over 规范性文件, 本年处理决定数量 over 处理决定数量).
    """

    own: dict[str, str | None]
    foreign: dict[str, tuple[str, bool]]
    pattern: re.Pattern[str] | None


@lru_cache(maxsize=16)
def label_scan(tid: str, key: str) -> LabelScan:
    tpls = templates()
    mine = tpls.get(tid)
    if mine is None or key not in mine.tables:
        return LabelScan({}, {}, None)
    tdef = mine.tables[key]
    own: dict[str, str | None] = {}
    for el in tdef.elements:
        for lab in el.labels:
            if not lab.exact and lab.norm:
                own.setdefault(lab.norm, el.row.key if el.kind == "row" and el.row else None)
    for old in tdef.old_labels:
        if not old.label.exact:
            own.setdefault(old.label.norm, None)
    rows = {r.key for r in tdef.rows}
    foreign: dict[str, tuple[str, bool]] = {}
    for t in tpls.values():
        if (t.date, t.id) <= (mine.date, mine.id) or key not in t.tables:
            continue
        for el in t.tables[key].elements:
            same_row = el.kind == "row" and el.row is not None and el.row.key in rows
            for lab in el.labels:
                n = lab.norm
                if not lab.exact and len(n) >= _MIN_FOREIGN and lab.kind != "old" and n not in own:
                    foreign.setdefault(n, (t.id, same_row))
    keys = sorted(set(own) | set(foreign), key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, keys))) if keys else None
    return LabelScan(own, foreign, pattern)


def scan_table(report: Report, bound: BoundTable) -> Iterator[tuple[str, Span]]:
    """Every label of the bound table's template (and of newer ones) in the table's text, as
    (normalised label, source span)."""
    scan = label_scan(bound.template, bound.key)
    if bound.table is None or scan.pattern is None:
        return
    region = bound.table.span
    text = report.source.text
    normed, index = norm_with_map(text[region.start:region.end])
    for m in scan.pattern.finditer(normed):
        start = region.start + index[m.start()]
        yield m.group(), Span(start, region.start + index[m.end() - 1] + 1)
