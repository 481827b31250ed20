"""XYR606: a government's totals smaller than the sum of its own departments' and towns' reports.

Parent and child are decided conservatively, within one report year: the parent is the 人民政府 (or
its 办公室) of a place (清河县人民政府 → 清河县); its children are the departments named after that
place and nothing else (清河县自然资源局, not 清河县王庄镇财政所), the governments of places directly
under it named after it (清河县王庄镇人民政府), and any report whose config facts name it
(`parent = "清河县人民政府"`).
"""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Iterator

from report_lint.facts import place_level
from report_lint.findings import Finding
from report_lint.rules import RuleContext, rule
from report_lint.summary import CellValue, ReportSummary
from report_lint.text import norm

from .common import finding, fmt, same_body, where

LEVELS = ("province", "city", "county", "township", "street")  # higher first
PARENT_LEVELS = LEVELS[:4]
PARENT_KINDS = ("government", "office")
_GOVERNMENT = re.compile(r"(?:人民政府|政府)(?:办公室|办公厅)?$|办事处$")
_ONE_PLACE = re.compile(r"[\u4e00-\u9fff]{1,10}?(?:镇|乡|街道|苏木|自治县|县|旗|区|市)")
# (table, row, column) → how a message names it
QUANTITIES = {
    ("requests", "new", "total"): "表三「一、本年新收政府信息公开申请数量」总计列",
    ("review_litigation", "cases", "review_total"): "表四「行政复议」总计列",
    ("review_litigation", "cases", "suit_direct_total"): "表四「行政诉讼 · 未经复议直接起诉」总计列",
    ("review_litigation", "cases", "suit_after_review_total"): "表四「行政诉讼 · 复议后起诉」总计列",
}


@rule("XYR606", "parent-below-children", "上级政府报告的总数小于其下级单位报告之和", severity="warning",
      scope="folder")
def parent_below_children(summaries: list[ReportSummary], ctx: RuleContext
                          ) -> Iterator[Finding]:
    """A government's total is smaller than the sum of what its departments and towns report.

    ## What it checks
    Among the reports of one run, for each report year: a government's report (a 人民政府 of a
    province, city, county or township, or its 办公室) and its children's reports of the same
    year. Children are the departments whose name starts with the government's place and names
    no other place (清河县人民政府 → 清河县自然资源局, 清河县应急管理局), the governments of places
    under it named after it (清河县王庄镇人民政府), and any report whose config facts name it
    (`[facts."towns/**"] parent = "清河县人民政府"`). Compared: table 三 本年新收 总计, and table 四
    行政复议 总计 and the two 行政诉讼 总计 columns; blank or unreadable cells are skipped. When the
    parent's number is smaller than the sum of its children's, one finding per quantity on the
    parent's cell names each child, its number and the sum.

    The rule assumes that a government's report aggregates the requests and cases of its
    subordinate units (as most county and city reports do, "全县共收到…"). Where a government
    reports only its own office's requests, turn it off for that folder: `ignore = ["XYR606"]`
    in the folder's config, or `[per-file-ignores] "county/*.txt" = ["XYR606"]`.

    ## Why
    Reports are hierarchical: a county's report covers the county as a whole, and each of its
    departments and towns publishes its own report (条例第五十条). A county total below the sum of
    its departments' totals means requests or cases got lost on the way up. It is a warning, not
    an error: not every government aggregates, and a child's report may cover a different scope.

    ## Example
    清河县人民政府 2023 `一、本年新收… | … | 3`, 清河县自然资源局 2023 `… | 5`, 清河县应急管理局 2023
    `… | 2` → `表三「一、本年新收政府信息公开申请数量」总计列为 3，小于同年 2 份下级单位报告之和 7：
    清河县自然资源局 5（zrzy.txt 第 9 行）、清河县应急管理局 2（yj.txt 第 9 行）`.

    ## Fix safety
    No fix: the parent's number or a child's may be the wrong one.

    ## Basis
    《政府信息公开条例》第五十条 (each administrative body publishes its own annual report) and the
    hierarchical nature of reports: a government's report describes its whole jurisdiction.
    """
    by_year: dict[int, list[ReportSummary]] = defaultdict(list)
    for s in summaries:
        if s.year is not None:
            by_year[s.year].append(s)
    for group in by_year.values():
        # A cheap prefix test first: only names under the parent's place (or a config-named
        # parent) can be children, and the full test is costly over thousands of reports.
        names = [(c, norm(c.issuer) if c.issuer else "") for c in group]
        for parent in group:
            place = parent_place(parent)
            if place is None:
                continue
            children = [c for c, name in names if c is not parent
                        and (c.parent or name.startswith(place)) and is_child(c, parent, place)]
            if children:
                yield from _compare(ctx, parent, children)


def parent_place(s: ReportSummary) -> str | None:
    """The place a government's report is of (清河县人民政府办公室 → 清河县), or None."""
    if (not s.issuer or s.issuer_level not in PARENT_LEVELS
            or s.issuer_kind not in PARENT_KINDS):
        return None
    name = norm(s.issuer)
    place = _GOVERNMENT.sub("", name)
    if place == name and s.issuer_kind != "government":
        return None
    return place if len(place) >= 2 and place_level(place) is not None else None


def is_child(child: ReportSummary, parent: ReportSummary, place: str) -> bool:
    """Whether `child` reports to the government of `place` (see the module docs)."""
    if child.parent:  # config names the parent: that settles it
        return _gov_key(child.parent) == place + "政府" and not same_body(child, parent)
    if not child.issuer or same_body(child, parent):
        return False
    name = norm(child.issuer)
    if not name.startswith(place) or len(name) <= len(place):
        return False
    rest = name[len(place):]
    if child.issuer_kind == "department":
        return place_level(rest) is None
    if child.issuer_kind in ("government", "street") and child.issuer_level in LEVELS:
        lower = LEVELS.index(child.issuer_level) > LEVELS.index(parent.issuer_level or "street")
        return lower and _ONE_PLACE.fullmatch(_GOVERNMENT.sub("", rest)) is not None
    return False


def _gov_key(name: str) -> str:
    """清河县人民政府 / 清河县政府办公室 → 清河县政府."""
    return _GOVERNMENT.sub("", norm(name)) + "政府"


def _number(c: CellValue | None) -> bool:
    return c is not None and isinstance(c.value, (int, float)) and not isinstance(c.value, bool)


def _compare(ctx: RuleContext, parent: ReportSummary, children: list[ReportSummary]
             ) -> Iterator[Finding]:
    for (table, row, column), label in QUANTITIES.items():
        own = parent.cell(table, row, column)
        if not _number(own):
            continue
        theirs = [(c, cell) for c in children
                  if _number(cell := c.cell(table, row, column))]
        total = sum(cell.value for _, cell in theirs)
        if not theirs or total <= own.value:
            continue
        named = "、".join(f"{c.issuer or c.path} {fmt(cell.value)}（{where(c, cell.anchor)}）"
                         for c, cell in theirs)
        msg = (f"{label}为 {fmt(own.value)}，小于同年 {len(theirs)} 份下级单位报告之和 "
               f"{fmt(total)}：{named}")
        yield finding(ctx, parent, own.anchor, msg, children=[c.path for c, _ in theirs],
                      children_total=total)
