"""Python rules of the example province: what a TOML pack cannot express.

EXP001 compares a number in the text with a cell of a bound table — the kind of check that needs
code. A rule is a function decorated with `report_lint.rules.rule`; its docstring holds the docs
(`## What it checks`, `## Why`, `## Example`, `## Fix safety`, `## Basis`), which
`report-lint rule EXP001` prints.
"""
from __future__ import annotations

import re
from typing import Iterator

from report_lint.findings import Finding
from report_lint.model import Report
from report_lint.rules import RuleContext, rule
from report_lint.source import Span

PACK = "example-province"
# "收取信息处理费 350 元", "共收取处理费0.035万元"; "未收取…处理费" states 0.
_STATED = re.compile(r"(?P<neg>未|没有|无)?(?:收取|收缴|征收)[^。；\n]{0,16}?处理费"
                     r"(?:[^。；\n\d]{0,8}?(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>万元|元))?")
TOLERANCE = 0.00005  # 万元: the table rounds to four decimals (河南: 保留4位小数)


@rule("EXP001", "fee-statement-matches-table", "第六部分所述信息处理费与表二收费金额不一致",
      severity="warning", templates=["2021"], pack=PACK)
def fee_statement_matches_table(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """The 信息处理费 stated in part 六 equals the amount in table 二, item (八).

    ## What it checks
    When 六、其他需要报告的事项 states the fee collected (`收取信息处理费350元`, or `未收取信息处理费`
    for zero), the amount equals table 二's `本年收费金额（单位：万元）` for 行政事业性收费, after
    converting 元 to 万元 (to four decimals).

    ## Why
    The same figure appears twice in the report; when they differ, one of them is wrong, and
    readers (and the provincial office aggregating the figures) cannot tell which.

    ## Example
    六 says `本年度收取信息处理费350元`, table 二 says `0` → 第六部分称收取信息处理费 350 元
    （0.035 万元），表二（八）项本年收费金额为 0 万元.

    ## Fix safety
    No fix: either number may be the wrong one.

    ## Basis
    《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）；国办公开办函〔2021〕30号 表二第二十条
    第（八）项（单位：万元）。示例插件：请换成本省文件。
    """
    table = report.table("active_disclosure")
    amount = table.value("fees", "amount") if table is not None else None
    if amount is None:
        return
    text = report.source.text
    for section in report.document.sections:
        if section.key != "other":
            continue
        for m in _STATED.finditer(text, section.heading_span.end, section.span.end):
            stated = _stated_wan(m)
            if stated is not None and abs(stated - amount) > TOLERANCE:
                yield ctx.finding(_message(m, stated, amount), Span(m.start(), m.end()),
                                  stated=stated, table=amount)


def _stated_wan(m: re.Match[str]) -> float | None:
    """The stated amount in 万元: 0 for 未收取, None when no number is given."""
    if m.group("neg"):
        return 0.0
    if m.group("num") is None:
        return None
    value = float(m.group("num"))
    return value if m.group("unit") == "万元" else value / 10000


def _message(m: re.Match[str], stated: float, amount: float) -> str:
    said = "未收取信息处理费" if m.group("neg") else f"收取信息处理费 {m.group('num')} {m.group('unit')}"
    return (f"第六部分称{said}（{stated:g} 万元），表二第二十条第（八）项本年收费金额为 {amount:g} 万元："
            "两处应一致")


RULES = [fee_statement_matches_table]
