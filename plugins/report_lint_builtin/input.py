"""RL0xx: problems with the input itself (unreadable, no structure, tables that cannot be bound).

The core records these as `Diagnostic`s while loading and binding (and emits RL001/RL009/RL010 when
a file or a rule or a plugin fails); this plugin gives them rule metadata and turns diagnostics
into findings.
"""
from __future__ import annotations

from typing import Iterator

from report_lint import diagnostics as rl
from report_lint.findings import Finding
from report_lint.hookspecs import hookimpl
from report_lint.model import Report
from report_lint.rules import Rule, RuleContext, rule


def _from_diagnostics(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    for d in report.document.diagnostics:
        if d.code == ctx.rule.code:
            yield ctx.finding(d.message, d.span, **d.data)


def _engine_only(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    return iter(())


@rule(rl.UNREADABLE, "unreadable-file", "文件无法读取或解码", severity="error")
def unreadable(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """The file cannot be read as a report.

    ## What it checks
    The file exists, is not larger than 50 MB, and its bytes decode as text (UTF-8 with or
    without BOM, UTF-16, GB18030/GBK/GB2312) or parse as the format its name or content says.

    ## Why
    Nothing else can be checked in a file that cannot be read; the run goes on with the other
    files and exits with code 2.

    ## Example
    A Word file renamed to `.txt`; a truncated PDF.

    ## Fix safety
    No fix.

    ## Basis
    —
    """
    return _engine_only(report, ctx)


@rule(rl.UNKNOWN_FORMAT, "unknown-format", "不支持的文件格式", severity="error")
def unknown_format(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """The file is of a format report-lint does not read.

    ## What it checks
    The format chosen from the file's name and content is one of text, Markdown, HTML, DOCX, PDF.

    ## Why
    A report in an unknown format would otherwise pass unchecked.

    ## Example
    `report.xls`.

    ## Fix safety
    No fix.

    ## Basis
    —
    """
    return _from_diagnostics(report, ctx)


@rule(rl.NO_STRUCTURE, "no-report-structure", "未识别出年度报告的章节或统计表", severity="error")
def no_structure(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """The file has neither numbered sections nor a statistical table.

    ## What it checks
    At least one of the six statutory section headings (一、总体情况 …) or one of the three
    statistical tables is found.

    ## Why
    A file without them is not an annual report in the national format (or its text could not be
    extracted); every other rule would be silent on it.

    ## Example
    An empty page; a page holding only a link to an attachment.

    ## Fix safety
    No fix.

    ## Basis
    《中华人民共和国政府信息公开条例》第五十条；国办公开办函〔2021〕30号。
    """
    yield from _from_diagnostics(report, ctx)
    doc = report.document
    if not doc.sections and not report.tables and not any(
            d.code == ctx.rule.code for d in doc.diagnostics):
        yield ctx.finding("未找到年度报告的章节标题（一、总体情况 等）或统计表，无法检查")


@rule(rl.TABLE_UNBOUND, "table-not-bound", "统计表无法对应到模板的行列", severity="error")
def table_unbound(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A statistical table cannot be bound to the rows and columns of a national template.

    ## What it checks
    Each of tables 二, 三 and 四 is recognised and its rows and columns matched to a template.

    ## Why
    report-lint never guesses which cell is which: an unbound table is reported, and the
    arithmetic rules say nothing about it.

    ## Example
    A table 三 whose row labels were replaced by pictures.

    ## Fix safety
    No fix.

    ## Basis
    国办公开办函〔2019〕60号、国办公开办函〔2021〕30号 附件格式。
    """
    return _from_diagnostics(report, ctx)


@rule(rl.CELLS_AMBIGUOUS, "cells-ambiguous", "表格数值无法唯一读出", severity="warning")
def cells_ambiguous(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A table row's values cannot be read unambiguously.

    ## What it checks
    Each bound row yields exactly as many values as the template has columns for it.

    ## Why
    Crawler text runs table digits together (`（七）总计20 0 00 0 121`) and PDF extraction can lose
    cell boundaries. Claiming an arithmetic error on a misread row would be a false alarm, so the
    row is reported here instead and the arithmetic rules skip it.

    ## Example
    `一、本年新收政府信息公开申请数量1205` for seven columns.

    ## Fix safety
    No fix.

    ## Basis
    —
    """
    return _from_diagnostics(report, ctx)


@rule(rl.CELLS_INFERRED, "cells-inferred", "连写数字按唯一可行读法拆分", severity="info")
def cells_inferred(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """Run-together digits were split by the only reading that satisfies the row's own total.

    ## What it checks
    Reports, for information, where the loader chose a reading of run-together digits.

    ## Why
    The reader should know that those values were inferred, not read off cell boundaries.

    ## Example
    `一、本年新收政府信息公开申请数量1200000012` read as 12, 0, 0, 0, 0, 0, 12.

    ## Fix safety
    No fix.

    ## Basis
    —
    """
    return _from_diagnostics(report, ctx)


@rule(rl.NO_TEXT_LAYER, "no-text-layer", "PDF 没有文字层（扫描件）", severity="error")
def no_text_layer(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A PDF whose pages are images only.

    ## What it checks
    The PDF carries extractable text.

    ## Why
    A scanned report cannot be checked (nor read by screen readers or searched); publish the
    text version.

    ## Example
    A PDF made by scanning the signed paper copy.

    ## Fix safety
    No fix.

    ## Basis
    —
    """
    return _from_diagnostics(report, ctx)


@rule(rl.RULE_ERROR, "rule-error", "规则运行出错（内部错误）", severity="error")
def rule_error(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A rule raised an exception on this report.

    ## What it checks
    Emitted by the engine, naming the rule, when a rule crashes; the other rules still run.

    ## Why
    A crash must never hide the other findings, nor pass silently.

    ## Example
    —

    ## Fix safety
    No fix.

    ## Basis
    —
    """
    return _engine_only(report, ctx)


@rule(rl.PLUGIN_ERROR, "plugin-error", "插件加载失败", severity="error")
def plugin_error(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A plugin of the `report_lint` entry-point group failed to load.

    ## What it checks
    Emitted once per run, naming the plugin; the other plugins still load.

    ## Why
    A broken province pack must not stop the national rules.

    ## Example
    A plugin importing a module that is not installed.

    ## Fix safety
    No fix.

    ## Basis
    —
    """
    return _engine_only(report, ctx)


RULES: list[Rule] = [unreadable, unknown_format, no_structure, table_unbound, cells_ambiguous,
                     cells_inferred, no_text_layer, rule_error, plugin_error]


@hookimpl
def report_lint_get_rules() -> list[Rule]:
    return RULES
