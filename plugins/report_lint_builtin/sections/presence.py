"""SEC201, SEC206, SEC209: the six statutory parts are there, with their tables and titles."""
from __future__ import annotations

from typing import Iterator

from report_lint.findings import Finding
from report_lint.model import Report, Section, Table
from report_lint.rules import RuleContext, rule
from report_lint.source import Span

from .common import (KEYS, Layout, applies, expected_heading, heading_text, layout, part_name,
                     section_def)
from .fixes import add_other_part, heading_form

# What Art. 50 says about each part (the overview comes from the national format).
BASIS = {
    "overview": "年度报告格式第一部分",
    "active_disclosure": "条例第五十条第（一）项",
    "requests": "条例第五十条第（二）项",
    "review_litigation": "条例第五十条第（三）项",
    "problems": "条例第五十条第（四）项",
    "other": "条例第五十条第（五）项",
}
TABLE_NAMES = {"active_disclosure": "表二（主动公开政府信息情况）",
               "requests": "表三（收到和处理政府信息公开申请情况）",
               "review_litigation": "表四（政府信息公开行政复议、行政诉讼情况）"}


@rule("SEC201", "missing-section", "缺少法定章节", severity="error", fix="unsafe")
def missing_section(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """Each of the six statutory parts has a top-level heading.

    ## What it checks
    The report has the six parts of the national format, recognised by their headings and the
    variants real reports use: 一、总体情况 · 二、主动公开政府信息情况 ·
    三、收到和处理政府信息公开申请情况 · 四、政府信息公开行政复议、行政诉讼情况 ·
    五、存在的主要问题及改进情况 · 六、其他需要报告的事项. The finding names the missing part and
    points where it belongs (the end of the part before it). A part whose heading is written in
    another numbering style is reported by SEC204 instead. When a non-template heading carries
    the content of 六 (`五、信息处理费收取情况`), the finding is a warning.

    ## Why
    Art. 50 lists what the annual report must contain and the national format gives each item
    its own part; a missing part is missing statutory content.

    ## Example
    A report ending with `五、存在的主要问题及改进情况` and no `六、其他需要报告的事项`.

    ## Fix safety
    Unsafe, for a missing 六 only: adds `六、其他需要报告的事项` with the body `无。` after the last
    part (before the 落款 when the report ends with one). Unsafe because only the author knows
    whether there is nothing else to report (the 信息处理费 statement belongs there from 2021 on).
    No fix for the other parts: their content is the author's.

    ## Basis
    《中华人民共和国政府信息公开条例》第五十条；国办公开办函〔2019〕60号、国办公开办函〔2021〕30号
    年度报告格式。Reports for 2018 and earlier (old Art. 32) are not checked.
    """
    if not applies(report):
        return
    lay = layout(report)
    if not lay.sections:
        if report.tables or report.document.tables():
            yield ctx.finding("未找到任何法定章节标题（一、总体情况 … 六、其他需要报告的事项）",
                              _first_line(report))
        return
    for key in lay.missing:
        if key in lay.elsewhere:
            continue
        fix = add_other_part(report, lay) if key == "other" else None
        yield ctx.finding(f"缺少{part_name(key)}（{BASIS[key]}）", _insertion_point(lay, key),
                          fix=fix, key=key, expected=expected_heading(key))
    i = lay.by_key.get("other")
    if i is not None and lay.how[i] == "stand-in":
        s = lay.sections[i]
        f = ctx.finding(f"未见{part_name('other')}；「{heading_text(report, s)}」似承担该部分内容，"
                        f"请按模板使用该标题", s.heading_span, key="other")
        f.severity = "warning"
        yield f


def _insertion_point(lay: Layout, key: str) -> Span:
    """Where the part belongs: the last character of the statutory part before `key`, else the
    heading of the part after it. (Never an empty span: the engine reads it as "no span".)"""
    order = KEYS.index(key)
    before = [lay.sections[i] for k, i in lay.by_key.items() if KEYS.index(k) < order]
    if before:
        end = max(s.span.end for s in before)
        return Span(end - 1, end)
    after = [lay.sections[i] for k, i in lay.by_key.items() if KEYS.index(k) > order]
    return min((s.heading_span for s in after), default=lay.sections[0].heading_span,
               key=lambda sp: sp.start)


def _first_line(report: Report) -> Span:
    text = report.source.text
    end = text.find("\n")
    return Span(0, end if end > 0 else min(1, len(text)))


@rule("SEC206", "table-missing-under-heading", "法定章节下缺少统计表", severity="error")
def table_missing(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """Parts 二, 三 and 四 each hold their statistical table.

    ## What it checks
    Under the headings 二、主动公开政府信息情况, 三、收到和处理政府信息公开申请情况 and
    四、政府信息公开行政复议、行政诉讼情况 there is a table. When the part has no table but the
    report's bound table of that kind stands elsewhere, the finding is a warning naming where.

    ## Why
    The national format gives these parts as tables; a heading with prose only (or nothing)
    leaves the statutory figures out, as seen in published reports whose 二–四 are bare headings.

    ## Example
    `二、主动公开政府信息情况` followed directly by `三、…` with no table between.

    ## Fix safety
    No fix.

    ## Basis
    《中华人民共和国政府信息公开条例》第五十条第（一）至（三）项；国办公开办函〔2019〕60号、
    国办公开办函〔2021〕30号 年度报告格式附表。
    """
    if not applies(report):
        return
    lay = layout(report)
    for key in ("active_disclosure", "requests", "review_litigation"):
        s = lay.section(key)
        if s is None or _has_table(s):
            continue
        bound = report.tables.get(key)
        if bound is not None and bound.table is not None:
            line = report.source.line_col(bound.table.span.start)[0]
            f = ctx.finding(f"「{heading_text(report, s)}」下没有{TABLE_NAMES[key]}，"
                            f"该表位于第{line}行", s.heading_span, key=key)
            f.severity = "warning"
            yield f
        else:
            yield ctx.finding(f"「{heading_text(report, s)}」下缺少{TABLE_NAMES[key]}，"
                              f"模板要求以表格列出该部分数据", s.heading_span, key=key)


def _has_table(s: Section) -> bool:
    return any(isinstance(b, Table) for b in s.iter_blocks())


@rule("SEC209", "nonstandard-section-title", "法定章节标题与模板措辞或标点不同", severity="info",
      fix="safe")
def nonstandard_title(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A statutory part's heading uses words other than the template's and its known variants.

    ## What it checks
    A top-level heading recognised as one of the six parts only by its key words
    (`五、存在问题及下一步打算` for 存在的主要问题及改进情况) gets an information note with the
    template's heading. So does a heading with another mark than `、` after the numeral (`四.`)
    or with spaces or half-width punctuation inside the title. With the option
    `[options.SEC209] variants = true`, also a heading written with a known variant of the
    template's words (`五、存在的主要问题及改进措施`), which is otherwise accepted silently: the
    variants are common and read as synonyms.

    ## Why
    Using the template's wording lets readers and tools find each part; the note also shows which
    heading report-lint took for the part, so a wrong guess is visible.

    ## Example
    `四、行政复议和诉讼` → template `四、政府信息公开行政复议、行政诉讼情况`.

    ## Fix safety
    Safe for a known variant and for punctuation: the title becomes the template's words and the
    mark after the numeral `、` (the numeral is kept; numbering is SEC203's). No fix for a heading
    recognised by key words only: it may carry deliberate local wording, or be a wrong guess.

    ## Basis
    国办公开办函〔2019〕60号、国办公开办函〔2021〕30号 年度报告格式。
    """
    if not applies(report):
        return
    lay = layout(report)
    for i, key in lay.statutory():
        s = lay.sections[i]
        if lay.how[i] == "fuzzy":
            yield ctx.finding(f"「{heading_text(report, s)}」被视为{part_name(key)}，"
                              f"标题与模板不同（模板为「{section_def(key).title}」）",
                              s.heading_span, key=key)
        elif lay.how[i] == "exact" and i not in lay.nested:
            form = heading_form(report, s, key, bool(ctx.options.get("variants", False)))
            if form is not None:
                yield ctx.finding(f"「{heading_text(report, s)}」{'，'.join(form.problems)}，"
                                  f"应为「{form.expected}」", s.heading_span, fix=form.fix,
                                  key=key)
