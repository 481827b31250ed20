"""FMT110: official labels written with spaces, line breaks or other punctuation than the
template's."""
from __future__ import annotations

import re
from typing import Iterator

from report_lint.findings import Edit, Finding, Fix
from report_lint.model import Report
from report_lint.rules import RuleContext, rule
from report_lint.text import norm
from report_lint.writer import edit_problem

from .common import TABLE_NAMES, label_hits

MAX_LISTED = 4  # labels quoted in a message


@rule("FMT110", "label-form", "统计表标签含空格、换行或与模板不同的标点", severity="info", fix="safe")
def label_form(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """An official label of the bound template, written with blanks or other punctuation.

    ## What it checks
    Labels the binder matched to an official label of the table's template whose text differs
    from it only in blanks (spaces, line breaks, `&nbsp;`) or in punctuation width
    (`(七)总计` for `（七）总计`, `本年收费金额(单位:万元)`, `商业 企业`). One finding per report,
    listing the labels, so an extraction habit repeated in every table is said once.

    ## Why
    The national format fixes the labels, full-width punctuation included (GB/T 15834 for
    Chinese text); a label broken by a space or written with half-width brackets is visible in
    the published table and defeats search for the official label. The table is read normally.

    ## Example
    `(七)总计 | 14 | 0 | 0 | 0 | 0 | 0 | 14 |` → `表三…的标签「(七)总计」与模板写法不同，应为「（七）总计」`.

    ## Fix safety
    Safe: each label becomes the template's text, which has the same characters; only blanks and
    punctuation change. In HTML only labels whose text holds no markup across elements are
    rewritten.

    ## Basis
    国办公开办函〔2019〕60号、国办公开办函〔2021〕30号 年度报告格式附表；GB/T 15834—2011
    《标点符号用法》。
    """
    source = report.source
    text = source.text
    hits = []
    seen = set()
    for h in label_hits(report):
        if h.kind != "official" or h.span is None or h.span in seen:
            continue
        written = text[h.span.start:h.span.end]
        if written != h.official and norm(written) == norm(h.official):
            seen.add(h.span)
            hits.append(h)
    if not hits:
        return
    edits = [e for e in (Edit(h.span.start, h.span.end, h.official) for h in hits)
             if edit_problem(source, e) is None]
    shown = _listing(hits[:MAX_LISTED])
    more = f"等 {len(hits)} 处" if len(hits) > MAX_LISTED else ""
    fix = Fix(tuple(edits), "safe", "标签改为模板写法") if edits else None
    yield ctx.finding(f"统计表标签与模板写法不同（空格、换行或标点）：{shown}{more}", hits[0].span,
                      fix=fix, tables=sorted({h.table for h in hits}),
                      labels=[h.official for h in hits])


def _listing(hits: list) -> str:
    """`表二（…）「a」应为「b」、「c」应为「d」；表三（…）…`, tables in order of appearance."""
    by_table: dict[str, list[str]] = {}
    for h in hits:
        by_table.setdefault(h.table, []).append(f"「{_visible(h.written)}」应为「{h.official}」")
    return "；".join(TABLE_NAMES.get(k, k) + "、".join(v) for k, v in by_table.items())


def _visible(label: str) -> str:
    """A label as quoted in a message: its blanks shown as one space."""
    return re.sub(r"\s+", " ", label)
