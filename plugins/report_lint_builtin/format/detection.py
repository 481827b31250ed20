"""FMT101, FMT102, FMT107, FMT108: which national template the tables follow, and whether it fits
the report year."""
from __future__ import annotations

from typing import Iterator

from report_lint import diagnostics as rl
from report_lint.findings import Finding
from report_lint.model import Report
from report_lint.rules import RuleContext, rule
from report_lint.source import Span

from .common import (SHORT_NAMES, TABLE_NAMES, evidence_span, evidence_text, expected_template,
                     table_matches, table_span, template_name, templates)

DEFAULT_MIN_CONFIDENCE = 0.6


@rule("FMT101", "template-year-mismatch", "统计表格式与报告年度不符", severity="error")
def template_year_mismatch(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """The statistical tables follow the template that governs the report year.

    ## What it checks
    The report year (`report.facts["year"]`) selects the expected template: 2019 and 2020 → the
    2019 trial format (国办公开办函〔2019〕60号), 2021 and later → the 2021 format
    (国办公开办函〔2021〕30号). Tables 二 and 三 (table 四 is the same in both) are compared with
    it, one finding per template found:
    - a 2021+ report on the old format (本年新制作数量, 上一年项目数量, 第二十条第（九）项, a single
      （六）其他处理 row): **error**;
    - a report older than the template it uses (a 2019/2020 report on the 2021 format, published
      in September 2021; a 2018 report on any national format): **warning** — the report year
      or the tables are wrong.
    Reports with no year are not checked. A 2019 report without national tables is FMT107's.

    ## Why
    Art. 50 makes the national format binding and the 2021 format replaced the trial one; a
    report on a superseded format reports other figures (新公开数量 instead of 废止件数, no fee
    amounts, a single （六） row) and cannot be compared or aggregated.

    ## Example
    A 2022 report whose table 二 has `本年新制作数量 | 本年新公开数量 | 对外公开总数量`.

    ## Fix safety
    No fix: the figures of the new columns have to be collected again.

    ## Basis
    《中华人民共和国政府信息公开条例》第五十条（统一格式）；国办公开办函〔2019〕60号；
    国办公开办函〔2021〕30号（2021年度报告起适用）。
    """
    year = report.year
    if year is None:
        return
    expected = expected_template(year)
    by_tid: dict[str, list[str]] = {}
    for key, m in table_matches(report).items():
        if expected is None or m.id != expected.id:
            by_tid.setdefault(m.id, []).append(key)
    for tid, keys in by_tid.items():
        yield _mismatch(report, ctx, year, expected, tid, keys)


def _mismatch(report: Report, ctx: RuleContext, year: int, expected, tid: str,
              keys: list[str]) -> Finding:
    used = templates()[tid]
    tables = "、".join(SHORT_NAMES[k] for k in keys)
    why = "；".join(filter(None, (evidence_text(report.table_templates[k]) for k in keys)))
    why = f"（{why}）" if why else ""
    span = evidence_span(report, keys[0], tid)
    if expected is None:
        msg = (f"{year}年度报告的{tables}使用了{template_name(tid)}，该格式于{used.date[:4]}年才发布，"
               f"请核对报告年度{why}")
        severity = "warning"
    elif used.from_year is not None and used.from_year > year:
        msg = (f"{year}年度报告的{tables}使用了{template_name(tid)}，而该年度应使用"
               f"{template_name(expected.id)}；新格式晚于该年度报告的发布期限，请核对报告年度{why}")
        severity = "warning"
    else:
        msg = (f"{year}年度报告应使用{template_name(expected.id)}，但{tables}仍为"
               f"{template_name(tid)}{why}")
        severity = "error"
    f = ctx.finding(msg, span, tables=keys, template=tid, expected=expected.id if expected else None)
    f.severity = severity
    return f


@rule("FMT102", "mixed-templates", "各统计表混用两种格式", severity="error")
def mixed_templates(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """Tables 二 and 三 follow the same national template.

    ## What it checks
    The template the binder recognised for table 二 and for table 三 is the same. The finding
    points at the table whose template differs from the one the year expects (or, without a
    year, from the document's overall template) and names the evidence for each.

    ## Why
    A report on one format throughout is what the national format asks; a half-updated report
    (table 二 on the 2021 columns, table 三 still with a single （六）其他处理 row) usually means
    an old file was edited in part, and its figures for the other template are missing.

    ## Example
    A 2023 report whose table 二 has 本年制发件数… but whose table 三 has a single
    `（六）其他处理` row.

    ## Fix safety
    No fix.

    ## Basis
    国办公开办函〔2021〕30号 年度报告格式（附表）；《中华人民共和国政府信息公开条例》第五十条。
    """
    matches = table_matches(report)
    if len({m.id for m in matches.values()}) < 2:
        return
    year = report.year
    expected = expected_template(year) if year is not None else None
    reference = expected.id if expected is not None else report.template.id
    odd = [k for k, m in matches.items() if m.id != reference] or list(matches)[1:]
    parts = "；".join(f"{SHORT_NAMES[k]}为{template_name(m.id)}"
                     + (f"（{evidence_text(m)}）" if evidence_text(m) else "")
                     for k, m in matches.items())
    key = odd[0]
    yield ctx.finding(f"统计表混用两种格式：{parts}", evidence_span(report, key, matches[key].id),
                      tables={k: m.id for k, m in matches.items()})


@rule("FMT107", "no-template-recognised", "未识别出国家格式的统计表", severity="error")
def no_template(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """The report has statistical tables of a national template.

    ## What it checks
    At least one of tables 二, 三, 四 was found and bound to a national template. Severity by
    year: 2020 and later (or unknown) error; 2019 info (the trial format was only encouraged that
    year, 国办公开办函〔2019〕60号); 2018 and earlier not checked (no national format yet). Not
    reported when the file has no report structure at all (RL003) or when tables were found but
    could not be bound (RL004 says which).

    ## Why
    The statistical tables are the part of the report every evaluator compares; without them
    (a prose-only report, tables pasted as pictures) the statutory figures are missing.

    ## Example
    A 2022 report that describes 主动公开 and 依申请公开 in sentences only.

    ## Fix safety
    No fix.

    ## Basis
    《中华人民共和国政府信息公开条例》第五十条；国办公开办函〔2019〕60号（2019年度“鼓励”使用
    统一格式）；国办公开办函〔2021〕30号。
    """
    if report.tables or report.template.id is not None:
        return
    if any(d.code in (rl.NO_STRUCTURE, rl.TABLE_UNBOUND) for d in report.document.diagnostics):
        return
    year = report.year
    if year is not None and year < 2019:
        return
    first = report.document.sections[0].heading_span if report.document.sections else None
    text = report.source.text
    span = first or Span(0, max(1, text.find("\n")) if text else 0)
    if year == 2019:
        msg = ("未识别出国家格式的统计表（表二、表三、表四）；2019年度报告按国办公开办函〔2019〕60号"
               "鼓励使用统一格式")
    else:
        msg = "未识别出国家格式的统计表（表二、表三、表四），无法判断报告使用的格式"
    f = ctx.finding(msg, span)
    if year == 2019:
        f.severity = "info"
    yield f


@rule("FMT108", "low-confidence-detection", "统计表格式识别把握不大", severity="warning")
def low_confidence(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """Template detection is sure of itself, or says so.

    ## What it checks
    For tables 二 and 三, the binder's confidence in the template it chose is at least
    `min_confidence` (option, default 0.6); and when tables were bound but none carries a label
    that tells the two national formats apart, that is reported too. The message gives the
    scores of each template and the evidence.

    ## Why
    report-lint never guesses silently: the arithmetic and format rules depend on which template
    a table was read with, and a table damaged in extraction or edited by hand can look like
    either.

    ## Example
    A table 二 with two 2021 column headers and one 2019 row label.

    ## Fix safety
    No fix.

    ## Basis
    国办公开办函〔2019〕60号、国办公开办函〔2021〕30号 年度报告格式附表。
    """
    threshold = float(ctx.options.get("min_confidence", DEFAULT_MIN_CONFIDENCE))
    for key, m in table_matches(report).items():
        if m.confidence < threshold:
            scores = "，".join(f"{template_name(t)}得分{s:g}" for t, s in m.scores.items())
            yield ctx.finding(f"{TABLE_NAMES[key]}的格式识别把握不大（置信度{m.confidence:.2f}，"
                              f"{scores}），按{template_name(m.id)}处理", table_span(report, key),
                              table=key, confidence=m.confidence)
    if report.tables and report.template.id is None:
        key = next(iter(report.tables))
        yield ctx.finding("已识别出统计表，但其中没有能区分2019年试行格式与2021年格式的标签，"
                          "无法判断报告使用的格式", table_span(report, key))
