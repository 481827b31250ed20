"""FMT103, FMT104: the rows and columns of a bound table against its template."""
from __future__ import annotations

from typing import Iterator

from report_lint.findings import Finding
from report_lint.model import BoundRow, BoundTable, Report
from report_lint.rules import RuleContext, rule
from report_lint.source import Span

from .common import (TABLE_NAMES, expected_template, label_scan, scan_table, table_span,
                     template_name, templates)
from .detection import DEFAULT_MIN_CONFIDENCE

MAX_ROW_FINDINGS = 3  # more missing rows than this are reported as one finding


def _checked_tables(report: Report, ctx: RuleContext) -> Iterator[tuple[BoundTable, object]]:
    """Bound tables whose template is trusted: it fits the year (or the year is unknown) and the
    binder is sure of it. Others are FMT101/FMT108's, and their rows would all look wrong."""
    year = report.year
    expected = expected_template(year) if year is not None else None
    threshold = float(ctx.options.get("min_confidence", DEFAULT_MIN_CONFIDENCE))
    for key, bound in report.tables.items():
        match = report.table_templates.get(key)
        tdef_t = templates().get(bound.template)
        if tdef_t is None or key not in tdef_t.tables:
            continue
        if expected is not None and bound.template != expected.id:
            continue
        if match is not None and match.confidence < threshold:
            continue
        yield bound, tdef_t.tables[key]


def _value_rows_in_order(tdef) -> list:
    return [r for r in tdef.rows if not r.group and r.anchor == "label"]


@rule("FMT103", "missing-template-row-or-column", "统计表缺少模板规定的行或列", severity="warning")
def missing_row_or_column(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """Every row and column of the bound template is in the table.

    ## What it checks
    For tables bound to the template the year expects (and with confident detection), each
    value row of the template (规章, 行政规范性文件, 行政许可 …; 1.属于国家秘密 … （七）总计;
    表四's value row) has its label in the table, and no column of a row group is absent from
    every row of that group. Truncated or spaced labels (`本年新`, `商业 企业`) count as present:
    the binder knows those extraction artefacts.

    ## Why
    The national format fixes the rows and columns; a dropped row (a town leaving out 规章
    because it makes none) hides a statutory figure that should read 0, and breaks every
    comparison and sum across reports.

    ## Example
    A 2023 table 二 that goes straight from `信息内容 | 本年制发件数 …` to `规范性文件`.

    ## Fix safety
    No fix: the values of the missing row are the author's (usually 0, but not always).

    ## Basis
    国办公开办函〔2019〕60号、国办公开办函〔2021〕30号 年度报告格式附表。
    """
    for bound, tdef in _checked_tables(report, ctx):
        rows = _value_rows_in_order(tdef)
        misplaced = _misplaced_rows(report, bound)
        missing = [i for i, rdef in enumerate(rows) if rdef.key not in bound.rows
                   and rdef.key in bound.missing_rows and rdef.key not in misplaced]
        if len(missing) > MAX_ROW_FINDINGS:
            yield _many_missing(report, ctx, bound, [rows[i] for i in missing])
        else:
            for i in missing:
                yield _missing_row(report, ctx, bound, rows, i)
        yield from _missing_columns(report, ctx, bound, tdef)


def _many_missing(report: Report, ctx: RuleContext, bound: BoundTable, rows: list) -> Finding:
    shown = "".join(f"「{r.label}」" for r in rows[:4]) + ("等" if len(rows) > 4 else "")
    return ctx.finding(f"{TABLE_NAMES[bound.key]}缺少{template_name(bound.template)}规定的"
                       f"{len(rows)}行：{shown}（若原表完整，可能是抽取时表格被打乱）",
                       table_span(report, bound.key), table=bound.key,
                       rows=[r.key for r in rows])


def _misplaced_rows(report: Report, bound: BoundTable) -> dict[str, Span]:
    """Rows the binder left unbound although their label is in the table: out of template order
    (the binder reads a table's labels in template order only). Cached per table."""
    cache = report.cache.setdefault("fmt.misplaced", {})
    if bound.key not in cache and not any(k not in bound.rows for k in bound.missing_rows):
        cache[bound.key] = {}
    if bound.key not in cache:
        own = label_scan(bound.template, bound.key).own
        taken = {r.label_span for r in bound.rows.values() if r.label_span is not None}
        found: dict[str, Span] = {}
        for label, span in scan_table(report, bound):
            row = own.get(label)
            if row and row not in bound.rows and row in bound.missing_rows and span not in taken:
                found.setdefault(row, span)
        cache[bound.key] = found
    return cache[bound.key]


def _missing_row(report: Report, ctx: RuleContext, bound: BoundTable, rows: list,
                 i: int) -> Finding:
    rdef = rows[i]
    before = next((bound.rows[r.key] for r in reversed(rows[:i]) if r.key in bound.rows), None)
    after = next((bound.rows[r.key] for r in rows[i + 1:] if r.key in bound.rows), None)
    where, span = "", None
    if before is not None and before.label_span is not None:
        where, span = f"，应在「{before.label_as_written or before.label}」之后", before.label_span
    elif after is not None and after.label_span is not None:
        where, span = f"，应在「{after.label_as_written or after.label}」之前", after.label_span
    item = f"（{rdef.item}）" if rdef.item else ""
    return ctx.finding(f"{TABLE_NAMES[bound.key]}缺少{template_name(bound.template)}规定的行"
                       f"「{rdef.label}」{item}{where}",
                       span or table_span(report, bound.key), table=bound.key, row=rdef.key)


def _missing_columns(report: Report, ctx: RuleContext, bound: BoundTable,
                     tdef) -> Iterator[Finding]:
    groups: dict[str, list[BoundRow]] = {}
    for r in bound.rows.values():
        if r.cells and not r.unreadable and any(c is not None for c in r.cells):
            groups.setdefault(tdef.rows_column_set(r.key) or "", []).append(r)
    for rows in groups.values():
        for j, col in enumerate(rows[0].columns):
            if all(j < len(r.cells) and r.cells[j] is None for r in rows):
                label = rows[0].column_labels[j]
                span = rows[0].label_span or table_span(report, bound.key)
                yield ctx.finding(f"{TABLE_NAMES[bound.key]}的「{rows[0].label}」等行缺少"
                                  f"「{label}」列（{template_name(bound.template)}）", span,
                                  table=bound.key, column=col)


@rule("FMT104", "row-order", "统计表的行序与模板不同", severity="warning")
def row_order(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """The rows of a bound table come in the template's order.

    ## What it checks
    For tables bound to the template the year expects, the row labels appear in the order of
    the template (一、本年新收 … 二、上年结转 … （一）予以公开 … （七）总计 … 四、结转下年度继续办理;
    规章 before 行政规范性文件 …). A row found out of place is named with the row it should
    follow.

    ## Why
    Readers and tools read the tables by position as much as by label; a moved row is usually a
    copy-paste accident that also moves its figures into another row's place.

    ## Example
    `（七）总计` printed before `（六）其他处理`.

    ## Fix safety
    No fix: moving a row with its cells is left to the author.

    ## Basis
    国办公开办函〔2019〕60号、国办公开办函〔2021〕30号 年度报告格式附表。
    """
    for bound, tdef in _checked_tables(report, ctx):
        yield from _unbound_misplaced(report, ctx, bound, tdef)
        last: BoundRow | None = None
        for rdef in _value_rows_in_order(tdef):
            row = bound.rows.get(rdef.key)
            if row is None or row.label_span is None:
                continue
            if last is not None and last.label_span is not None \
                    and row.label_span.start < last.label_span.start:
                yield ctx.finding(f"{TABLE_NAMES[bound.key]}中「{row.label_as_written or row.label}」"
                                  f"应在「{last.label_as_written or last.label}」之后（模板行序）",
                                  row.label_span, table=bound.key, row=row.key)
                continue
            last = row


def _unbound_misplaced(report: Report, ctx: RuleContext, bound: BoundTable,
                       tdef) -> Iterator[Finding]:
    rows = _value_rows_in_order(tdef)
    order = {r.key: i for i, r in enumerate(rows)}
    for key, span in _misplaced_rows(report, bound).items():
        if key not in order:
            continue
        i = order[key]
        after = next((bound.rows[r.key] for r in reversed(rows[:i]) if r.key in bound.rows), None)
        written = report.source.text[span.start:span.end]
        where = f"，模板中应在「{after.label_as_written or after.label}」之后" if after else ""
        yield ctx.finding(f"{TABLE_NAMES[bound.key]}中「{written}」的位置与模板行序不同{where}",
                          span, table=bound.key, row=key)
