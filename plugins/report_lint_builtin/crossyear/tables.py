"""XYR605: a statistical table repeated unchanged from the same body's report of last year."""
from __future__ import annotations

from typing import Iterator

from report_lint.findings import Finding
from report_lint.rules import RuleContext, rule
from report_lint.summary import ReportSummary

from .common import consecutive, finding, where

TABLE_NAMES = {"active_disclosure": "表二（主动公开政府信息情况）",
               "requests": "表三（收到和处理政府信息公开申请情况）",
               "review_litigation": "表四（政府信息公开行政复议、行政诉讼情况）"}
MIN_NONZERO = 3  # non-zero cells, and
MIN_TOTAL = 10  # their sum: a body with one request a year can have the same table twice


@rule("XYR605", "table-repeated-from-last-year", "统计表与上年报告完全相同", severity="warning",
      scope="folder")
def repeated_tables(summaries: list[ReportSummary], ctx: RuleContext) -> Iterator[Finding]:
    """A statistical table holds exactly last year's numbers.

    ## What it checks
    For every pair of reports of the same body for consecutive years checked in one run: each of
    tables 二, 三 and 四 bound with the same template in both, compared value by value (blank
    and text cells included; the cumulative columns 现行有效件数, 对外公开总数量 and 上一年项目数量,
    which carry over by nature, left out). A table is reported when every value is the same and
    it has at least 3 non-zero values adding up to 10 or more — all-zero tables, or one request
    a year, repeat honestly. Options: `min-nonzero` (3), `min-total` (10).

    ## Why
    Identical statistics two years running are what a report copied from last year's file
    looks like: the press found one body's reports using "identical data" three years running
    (2011), and the Guangdong notice on 2009 reports names 数据失准.

    ## Example
    The 2024 report's table 三 has the same 175 values as the 2023 one (23 requests both years) →
    `表三（收到和处理政府信息公开申请情况）的数据与上年（2023年）报告完全相同，疑为沿用上年数据`.

    ## Fix safety
    No fix.

    ## Basis
    domain.md §4.1 (东莞市统计局 2008–2010: identical data; 粤办函〔2010〕249号: 数据失准).
    """
    min_nonzero = int(ctx.options.get("min-nonzero", MIN_NONZERO))
    min_total = float(ctx.options.get("min-total", MIN_TOTAL))
    for cur, prev in consecutive(summaries):
        for key, name in TABLE_NAMES.items():
            a, b = cur.tables.get(key), prev.tables.get(key)
            if (a is None or b is None or a.template != b.template or a.digest != b.digest
                    or a.nonzero < min_nonzero or a.total < min_total):
                continue
            sec_a, sec_b = cur.section(key), prev.section(key)
            msg = (f"{name}的数据与上年（{prev.year}年）报告"
                   f"（{where(prev, sec_b.anchor if sec_b else None)}）完全相同"
                   f"（{a.nonzero} 个非零数值），疑为沿用上年数据")
            yield finding(ctx, cur, sec_a.anchor if sec_a else cur.anchor, msg, table=key,
                          previous=prev.path)
