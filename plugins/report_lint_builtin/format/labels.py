"""FMT105, FMT106, FMT109: labels of a bound table against its template — labels of the other
template, local variants, misspelt official labels."""
from __future__ import annotations

import difflib
from typing import Any, Iterator

from report_lint.findings import Edit, Finding, Fix
from report_lint.model import Report
from report_lint.rules import RuleContext, rule
from report_lint.source import Span
from report_lint.text import norm, norm_with_map

from .common import TABLE_NAMES, label_hits, label_scan, scan_table, template_name



@rule("FMT105", "other-template-label", "统计表中出现另一种格式的标签", severity="warning",
      fix="safe")
def other_template_label(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A table bound to one template carries no labels of the other.

    ## What it checks
    - In a table read with the 2021 format, labels of the 2019 trial format: the row name
      `规范性文件` (2021: `行政规范性文件`; **warning**, safe fix), and structural labels —
      the old columns 本年新制作数量 / 本年新公开数量 / 对外公开总数量 / 上一年项目数量 / 本年增/减,
      the rows 其他对外管理服务事项 and 第二十条第（九）项 政府集中采购, a single `（六）其他处理` row
      with values (**error**);
    - in a table read with the 2019 trial format, labels only the 2021 format has (本年制发件数,
      本年收费金额（单位：万元）, the three （六） sub-rows …; **error**).
    Truncations left by extraction (`本年新`, `结果`) are not labels of the other template.

    ## Why
    A table with labels of both formats was half updated: its figures cannot be read with
    either template with certainty. 规范性文件 alone is a wording slip — the 2021 format names the
    row 行政规范性文件 — which is why it is a warning with a fix.

    ## Example
    A 2023 table 二 with the row `规范性文件 | 0 | 0 | 3`.

    ## Fix safety
    Safe for the row name 规范性文件 → 行政规范性文件 (same row, official wording). No fix for
    structural labels: their figures must be collected for the other column.

    ## Basis
    国办公开办函〔2021〕30号 年度报告格式附表（表二“行政规范性文件”，删除第二十条第（九）项与
    其他对外管理服务事项，表三（六）分三项）；国办公开办函〔2019〕60号。
    """
    text = report.source.text
    structural: dict[str, list[Any]] = {}
    for h in label_hits(report):
        if h.kind != "old" or h.span is None:
            continue
        if h.element != "old":
            yield _old_row_name(report, ctx, h, text)
        else:
            structural.setdefault(h.table, []).append(h)
    for key, hits in structural.items():
        shown = "；".join(f"「{_short(h.written)}」" + (f"为{h.note}" if h.note else "")
                         for h in hits[:4])
        more = f"等{len(hits)}处" if len(hits) > 4 else ""
        f = ctx.finding(f"{TABLE_NAMES.get(key, key)}按{template_name(hits[0].template)}识别，"
                        f"但出现旧格式的标签{shown}{more}", hits[0].span, table=key,
                        labels=[h.written for h in hits])
        f.severity = "error"
        yield f
    yield from _newer_labels_in_old_tables(report, ctx)


def _old_row_name(report: Report, ctx: RuleContext, h: Any, text: str) -> Finding:
    fix = None
    if norm(text[h.span.start:h.span.end]) == norm(h.written):
        fix = Fix.replace(h.span, h.official, "safe", f"改为「{h.official}」")
    f = ctx.finding(f"{TABLE_NAMES.get(h.table, h.table)}的行名「{h.written}」是2019年试行格式的写法，"
                    f"{template_name(h.template)}为「{h.official}」", h.span, fix=fix,
                    table=h.table, row=h.element)
    f.severity = "warning"
    return f


def _newer_labels_in_old_tables(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """Labels of a newer template in a table read with an older one: row names of the same row
    one by one (warning), other labels as one error per table."""
    text = report.source.text
    for key, bound in report.tables.items():
        foreign = label_scan(bound.template, key).foreign
        if not foreign:
            continue
        structural: list[tuple[str, Span]] = []
        owner = None
        for label, span in scan_table(report, bound):
            if label not in foreign:
                continue
            tid, same_row = foreign[label]
            if not same_row:
                structural.append((text[span.start:span.end], span))
                owner = owner or tid
                continue
            f = ctx.finding(f"{TABLE_NAMES.get(key, key)}按{template_name(bound.template)}识别，但行名"
                            f"「{text[span.start:span.end]}」是{template_name(tid)}的写法", span,
                            table=key, label=label)
            f.severity = "warning"
            yield f
        if structural:
            names = list(dict.fromkeys(w for w, _ in structural))
            shown = "".join(f"「{w}」" for w in names[:5])
            more = f"等{len(names)}种" if len(names) > 5 else ""
            f = ctx.finding(f"{TABLE_NAMES.get(key, key)}按{template_name(bound.template)}识别，但出现"
                            f"{template_name(owner)}的标签{shown}{more}", structural[0][1],
                            table=key, labels=[w for w, _ in structural])
            f.severity = "error"
            yield f


@rule("FMT106", "local-label-variant", "统计表标签为地方写法", severity="info")
def local_label_variant(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A table label written in a known local variant of the national wording.

    ## What it checks
    Labels the templates list as local variants (kind `local`), such as Henan's
    `本年收费金额（单位：万元，保留4位小数）` for the national `本年收费金额（单位：万元）`. They are
    accepted — the table is read normally — with an information note naming the region and the
    national label.

    ## Why
    Provinces add precision or notes to the national headers; that is not a template change,
    but readers comparing reports across provinces should know the label is not the national
    one.

    ## Example
    `本年收费金额(单位:万元,保留4位小数)` in a 河南 report.

    ## Fix safety
    No fix: the local wording may be required by the province.

    ## Basis
    国办公开办函〔2021〕30号 年度报告格式附表（国家写法）；河南省政府信息公开信息处理费通知
    （2021-01-04，本地写法来源未确认）。
    """
    for h in label_hits(report):
        if h.kind == "local" and h.span is not None:
            region = f"（{h.region}）" if h.region else ""
            note = f"：{h.note}" if h.note else ""
            yield ctx.finding(f"{TABLE_NAMES.get(h.table, h.table)}的「{h.written}」为地方写法{region}"
                              f"{note}；国家格式为「{h.official}」", h.span, table=h.table)


@rule("FMT109", "label-typo", "统计表标签有错别字", severity="warning", fix="safe")
def label_typo(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A table label misspells the official label.

    ## What it checks
    Labels the templates list as known misspellings (kind `typo`): `先行有效件数` for
    `现行有效件数`, `钩稽关系` for `勾稽关系`, `其他法律行政止公开` … The table is still read; the
    finding names the official label.

    ## Why
    The official labels are fixed by the national format; a misspelt header is visible in the
    published report and makes text search for the label miss it.

    ## Example
    `信息内容 | 本年制发件数 | 本年废止件数 | 先行有效件数`.

    ## Fix safety
    Safe when the misspelling is a character-for-character substitution (钩→勾, 先→现): only those
    characters are replaced. Labels with characters missing or added get no fix.

    ## Basis
    国办公开办函〔2019〕60号、国办公开办函〔2021〕30号 年度报告格式附表。
    """
    text = report.source.text
    for h in label_hits(report):
        if h.kind == "typo" and h.span is not None:
            fix = _char_fix(text, h.span, h.official)
            yield ctx.finding(f"{TABLE_NAMES.get(h.table, h.table)}的标签「{_short(h.written)}」有误，"
                              f"应为「{_short(h.official)}」" + (f"（{h.note}）" if h.note else ""),
                              h.span, fix=fix, table=h.table)


def _short(label: str, limit: int = 16) -> str:
    """A long label (the 勾稽 note) cut for a message."""
    return label if len(label) <= limit else label[:limit - 1] + "…"


def _char_fix(text: str, span: Span, official: str) -> Fix | None:
    """Replace only the characters that differ, when the labels align one to one (parentheses
    the official label has around it may be absent)."""
    written = text[span.start:span.end]
    wn, wmap = norm_with_map(written)
    on = norm(official)
    edits: list[Edit] = []
    ops = difflib.SequenceMatcher(None, wn, on, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal" or (tag == "insert" and i1 in (0, len(wn))):
            continue
        if tag != "replace" or i2 - i1 != j2 - j1:
            return None
        for k in range(i2 - i1):
            pos = span.start + wmap[i1 + k]
            edits.append(Edit(pos, pos + 1, on[j1 + k]))
    if not edits:
        return None
    return Fix(tuple(edits), "safe", f"改为「{official}」")
