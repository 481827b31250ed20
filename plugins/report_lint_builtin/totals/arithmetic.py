"""TOT301–306: the arithmetic relations (勾稽关系) of tables 三 and 四, and the single-cell explanation.

All relation rules share one analysis per report (`issues`): the relations of the template each
table was bound with are evaluated, a single cell explaining every failure of a table is searched
for, and each rule yields its share. A failure explained by one cell is reported once, as TOT305,
not again under TOT301–304.
"""
from __future__ import annotations

from typing import Iterator

from report_lint.findings import Finding
from report_lint.model import Report
from report_lint.rules import RuleContext, rule

from . import labels
from .explain import Issue, table_issues
from .messages import render
from .relations import analyze

CACHE_KEY = "totals.issues"
TABLE_ORDER = ("active_disclosure", "requests", "review_litigation")


def issues(report: Report) -> list[Issue]:
    """Every relation issue of the report (cached for all TOT rules)."""
    cached = report.cache.get(CACHE_KEY)
    if cached is None:
        tables = analyze(report)
        order = sorted(tables, key=lambda k: (TABLE_ORDER.index(k) if k in TABLE_ORDER else 9, k))
        cached = report.cache[CACHE_KEY] = [i for k in order for i in table_issues(tables[k])]
    return cached


def emit(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """The findings of the issues carrying this rule's code."""
    for issue in issues(report):
        if issue.code != ctx.rule.code:
            continue
        msg, span, fix, data = render(issue, report.source)
        f = ctx.finding(msg, span, fix=fix, **data)
        if ctx.rule.code == "TOT306":  # other relations carry their own severity
            f.severity = issue.instances[0].rel.severity  # type: ignore[assignment]
        yield f


@rule("TOT301", "requests-balance", "表三：一+二 不等于 三（七）总计+四（表头注明的勾稽关系）",
      severity="error")
def requests_balance(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """In every column of table 三, 一 + 二 must equal 三（七）总计 + 四.

    ## What it checks
    For each of the seven columns (自然人 … 总计): 一、本年新收 + 二、上年结转 =
    三（七）总计 + 四、结转下年度继续办理. The relation is the template's `T3-1`, evaluated on
    whichever template (2019 or 2021 format) the table was bound with. A relation failing by the
    same difference in several columns is one finding. Cells that are blank are not taken as 0:
    the relation is only reported when no non-negative values in the blanks could make it hold.
    When one cell explains every failure of the table, TOT305 reports that cell instead.

    ## Why
    The header of table 三 prints this relation ("第一项加第二项之和，等于第三项加第四项之和"); a
    table that breaks it has a wrong number in it.

    ## Example
    `一 = 4, 二 = 0, （七）总计 = 0, 四 = 0` in the 自然人 and 总计 columns →
    `表三 自然人、总计列：一+二（4）比 （七）总计+四（0）多 4（各列相同）`.

    ## Fix safety
    No fix: which of the four cells is wrong cannot be told from this relation alone.

    ## Basis
    国办公开办函〔2019〕60号、国办公开办函〔2021〕30号 附件格式，表三表头注释
    “本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”（OFFICIAL）。
    """
    return emit(report, ctx)


@rule("TOT302", "requests-results-total", "表三：（七）总计 不等于各项办理结果之和", severity="error")
def requests_results_total(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """In every column of table 三, （七）总计 must equal the sum of the result rows.

    ## What it checks
    （七）总计 = （一）予以公开 + （二）部分公开 + the 8 rows of （三）不予公开 + the 3 rows of
    （四）无法提供 + the 5 rows of （五）不予处理 + （六）其他处理 (one row in the 2019 format,
    three in the 2021 format): the template's relation `T3-2` over its `leaves` row set.

    ## Why
    The label 总计 means the sum of the results above it; a total that differs from its parts
    misstates how many requests were handled.

    ## Example
    All result rows 0 but （七）总计 reads 1 → the single-cell explanation (TOT305) names
    `（七）总计·自然人 应为 0，实为 1`; when no single cell explains the failures, this rule says
    `表三 自然人、总计列：（七）总计（0）比 三、本年度办理结果各项之和（4）少 4`.

    ## Fix safety
    No fix.

    ## Basis
    IMPLIED by the label “（七）总计” in table 三 of both national formats (domain.md §3.1 T3-2).
    """
    return emit(report, ctx)


@rule("TOT303", "requests-row-total", "表三：某行总计不等于各申请人列之和", severity="error")
def requests_row_total(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """In every row of table 三, 总计 must equal the sum of the six applicant columns.

    ## What it checks
    总计 = 自然人 + 商业企业 + 科研机构 + 社会公益组织 + 法律服务机构 + 其他, row by row (the
    template's `T3-3`). One finding per failing row, naming the row, both sides and the difference.

    ## Why
    A 总计 column that does not add up (often left at 0 while the applicant columns are filled)
    makes the table contradict itself and the narrative.

    ## Example
    `一、本年新收… 5 1 0 0 0 0 0` → `表三 一、本年新收政府信息公开申请数量行：总计（0）比
    自然人至其他各列之和（6）少 6`.

    ## Fix safety
    No fix.

    ## Basis
    IMPLIED by the column label “总计” in table 三 of both national formats (domain.md §3.1 T3-3).
    """
    return emit(report, ctx)


@rule("TOT304", "review-litigation-total", "表四：各结果之和不等于总计", severity="error")
def review_litigation_total(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """In table 四, 结果维持 + 结果纠正 + 其他结果 + 尚未审结 must equal 总计.

    ## What it checks
    The three groups of table 四 — 行政复议, 行政诉讼·未经复议直接起诉 and 行政诉讼·复议后起诉 —
    each against its own 总计 (the template's `T4-1`, `T4-2`, `T4-3`). No relation between the
    groups is checked: cases cross years.

    ## Why
    A group total that differs from its parts misstates the 复议/诉讼 cases.

    ## Example
    `10 1 0 0 0 | …` (复议: 维持 10, 纠正 1, 总计 0) →
    `表四：结果维持+结果纠正+其他结果+尚未审结（11）比 总计（0）多 11`.

    ## Fix safety
    No fix.

    ## Basis
    IMPLIED by the column label “总计” in table 四 of both national formats (domain.md §3.2).
    """
    return emit(report, ctx)


@rule("TOT305", "single-cell-explains-totals", "一个单元格的数值可解释本表全部勾稽关系不符",
      severity="error", fix="unsafe")
def single_cell(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """One cell, changed to one value, would make every failing relation of a table hold.

    ## What it checks
    When relations of table 三 or 四 fail, every cell taking part in all of the failing ones is
    tried: the value that satisfies the failing equations is computed, and the cell is an
    explanation when, with that value, every failing relation holds and every relation that held
    still holds (including "non-negative integer"). When exactly one cell qualifies, this finding
    names it and the value, and the failures are not reported again under TOT301–TOT304.

    ## Why
    A single mistyped number usually breaks two or three relations at once (its row total and
    its column relations). Naming the cell is what the clerk needs, instead of three findings
    that each leave the cause open.

    ## Example
    （七）总计·总计 written 15 where 一+二 = 14 and the results add up to 14 →
    `表三 （七）总计·总计 应为 14，实为 15：按 14 计，本表不成立的勾稽关系（…）全部成立`.

    ## Fix safety
    Unsafe: the arithmetic shows which single change makes the table consistent, not that this
    is what happened (two compensating mistakes are possible). The fix is offered only when the
    cell's text is just the number (and keeps its digit count inside run-together digits).

    ## Basis
    The relations of table 三 and 四 (TOT301–TOT304): 国办公开办函〔2019〕60号、〔2021〕30号 附件格式.
    """
    return emit(report, ctx)


@rule("TOT306", "template-relation", "模板中的其他勾稽关系不成立", severity="error")
def template_relation(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A relation of the bound template that has no code of its own does not hold.

    ## What it checks
    Relations in the template data besides T3-1…T3-3, T4-1…T4-3 and table 二's T2-2/T2-4/T2-5 —
    in the national templates `T3-5` (结转下年度继续办理 不超过 一 + 二), and any relation a
    province's template adds. Each finding takes the relation's own severity. An inequality whose
    cells all belong to a failing equation (T3-5 beside T3-1) is not reported twice.

    ## Why
    Templates are data: a relation added there must be checked without new code.

    ## Example
    A table 三 whose （七）总计 row is missing (so T3-1 cannot be evaluated), with `一 = 2`,
    `二 = 0` and `四、结转下年度继续办理 = 3` in the 自然人 and 总计 columns →
    `表三 自然人、总计列：应 四 不大于 一+二，实为 3 与 2`. A per-cell relation of a province's
    template that a cell breaks is reported here too.

    ## Fix safety
    No fix.

    ## Basis
    The relation's own `basis` / `description` in `rules/templates/*.toml` (T3-5: IMPLIED,
    domain.md §3.1).
    """
    yield from emit(report, ctx)
    for tr in analyze(report).values():
        for fail in tr.cell_failures:
            if fail.reason == "other":
                name = labels.cell_name(tr.tdef, fail.row, fail.column)
                value = labels.fmt(fail.cell.value)
                f = ctx.finding(f"{labels.table_name(tr.tdef)} {name} 为 {value}，"
                                f"不满足“{fail.rel.description}”", fail.cell.span,
                                table=tr.key, relation=fail.rel.id, row=fail.row,
                                column=fail.column)
                f.severity = fail.rel.severity  # type: ignore[assignment]
                yield f


RULES = [requests_balance, requests_results_total, requests_row_total, review_litigation_total,
         single_cell, template_relation]
