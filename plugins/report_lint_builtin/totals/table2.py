"""TOT320–323: table 二 (主动公开政府信息情况) — plausibility within one report (warnings).

TOT321–323 are the template's table-二 relations (T2-2 in the 2021 format, T2-4 and T2-5 in the
2019 format), evaluated like the other relations (see arithmetic.py). TOT320 is the legal
inference T2-3: only some bodies can make 规章, so nonzero 规章 counts in the report of a county,
township, street office or department are implausible.
"""
from __future__ import annotations

from typing import Iterator

from report_lint.findings import Finding
from report_lint.model import BoundRow, BoundTable, Report
from report_lint.rules import RuleContext, rule

from . import labels
from .arithmetic import emit
from .relations import analyze

TABLE = "active_disclosure"
RULES_ROW = "rules"  # the 规章 row key in both national templates
RULES_LABEL = "规章"
DEFAULT_LEVELS = ("county", "township", "street", "department")
LEVEL_WORDS = {"county": "县级", "township": "乡镇", "street": "街道", "department": "政府部门",
               "city": "市级", "province": "省级"}


@rule("TOT320", "regulations-by-lower-body", "县、乡镇、街道或部门的报告中规章数不为 0",
      severity="warning")
def regulations_by_lower_body(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """The 规章 row of table 二 is nonzero in the report of a body that cannot make 规章.

    ## What it checks
    When the issuer level (from the report, or `facts.issuer_level` in config) is one of the
    levels in option `levels` (default: county, township, street, department), every value of
    the 规章 row must be 0. A department is only flagged when the level of its government is
    known (`issuer_parent_level`), since departments of the State Council do make 规章.

    ## Why
    Under 《立法法》 only the State Council's departments and the governments of provinces and of
    设区的市/自治州 make 规章. A township or county bureau counting 规章 has usually counted
    规范性文件 or its superiors' documents in the wrong row.

    ## Example
    A 镇 report with `规章 | 0 | 0 | 6 |` → `表二 规章行 现行有效件数为 6，但乡镇不能制定规章`.

    ## Fix safety
    No fix.

    ## Basis
    IMPLIED legal inference from 《中华人民共和国立法法》 on who makes 规章 (article numbers not
    confirmed; domain.md §3.3 T2-3); observed in real reports (domain.md §4.2).
    Options: `levels = ["county", "township", "street", "department"]`.
    """
    level = _level(report)
    levels = ctx.options.get("levels", DEFAULT_LEVELS)
    if isinstance(levels, str):
        levels = [levels]
    if level not in levels:
        return
    if level == "department" and not _fact(report, "issuer_parent_level"):
        return
    bound = report.tables.get(TABLE)
    tr = analyze(report).get(TABLE)
    row = _rules_row(bound)
    if row is None or row.unreadable or tr is None:
        return
    nonzero = [(c, cell) for c, cell in zip(row.columns, row.cells)
               if cell is not None and cell.kind == "number" and cell.value]
    if not nonzero:
        return
    vals = "，".join(f"{labels.column_label(tr.tdef, row.key, c)}为 {labels.fmt(cell.value)}"
                    for c, cell in nonzero)
    who = LEVEL_WORDS.get(level, level)
    msg = f"{labels.table_name(tr.tdef)} 规章行 {vals}，但{who}机关不能制定规章（是否应计入规范性文件？）"
    yield ctx.finding(msg, nonzero[0][1].span, table=TABLE, row=row.key, level=level)


def _level(report: Report) -> str | None:
    return _fact(report, "issuer_level")


def _fact(report: Report, key: str) -> str | None:
    f = report.facts.get(key)
    return str(f.value) if f is not None and f.value else None


def _rules_row(bound: BoundTable | None) -> BoundRow | None:
    """The 规章 row (by key, or by its official label in a template that keys it otherwise)."""
    if bound is None:
        return None
    row = bound.rows.get(RULES_ROW)
    if row is not None:
        return row
    return next((r for r in bound.rows.values() if r.label == RULES_LABEL), None)


@rule("TOT321", "valid-documents-floor", "表二：现行有效件数少于本年制发件数减废止件数",
      severity="warning")
def valid_documents_floor(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """2021 format: 现行有效件数 is at least 本年制发件数 − 本年废止件数.

    ## What it checks
    For the 规章 and 行政规范性文件 rows of table 二: 现行有效件数 ≥ 本年制发件数 − 本年废止件数
    (the template's `T2-2`).

    ## Why
    What is in force at the end of the year includes what was made this year and not repealed;
    a smaller count means one of the three numbers is wrong (or the columns were swapped).

    ## Example
    `行政规范性文件 | 5 | 0 | 2 |` → `表二 行政规范性文件行：应 现行有效件数 不小于 本年制发件数-本年废止件数，实为 2 与 5`.

    ## Fix safety
    No fix.

    ## Basis
    IMPLIED from the column meanings of the 2021 format (国办公开办函〔2021〕30号; domain.md §3.3
    T2-2). Documents amended in the year make the cross-year balance fuzzy, hence a warning.
    """
    return emit(report, ctx)


@rule("TOT322", "published-within-total", "表二：本年新公开数量大于对外公开总数量", severity="warning")
def published_within_total(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """2019 format: 本年新公开数量 is not more than 对外公开总数量.

    ## What it checks
    For the 规章 and 规范性文件 rows of table 二 (2019 format): 本年新公开数量 ≤ 对外公开总数量
    (the template's `T2-4`).

    ## Why
    对外公开总数量 is cumulative, so it includes what was newly published this year.

    ## Example
    `规范性文件 | 3 | 3 | 1 |` → `表二 规范性文件行：应 本年新公开数量 不大于 对外公开总数量，实为 3 与 1`.

    ## Fix safety
    No fix.

    ## Basis
    IMPLIED from the column meanings of the 2019 format (国办公开办函〔2019〕60号; domain.md §3.3 T2-4).
    """
    return emit(report, ctx)


@rule("TOT323", "project-count-not-negative", "表二：上一年项目数量加本年增/减为负数",
      severity="warning")
def project_count_not_negative(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """2019 format: 上一年项目数量 + 本年增/减 is not negative.

    ## What it checks
    For the rows of items (五)(六)(八) of table 二 (2019 format): 上一年项目数量 + 本年增/减 ≥ 0
    (the template's `T2-5`).

    ## Why
    The number of items after this year's change cannot be below zero; a larger decrease than
    the items there were means a wrong sign or a wrong base.

    ## Example
    `行政许可 | 2 | -5 | 0 |` → `表二 行政许可行：应 上一年项目数量+本年增/减 不小于 0，实为 -3 与 0`.

    ## Fix safety
    No fix.

    ## Basis
    IMPLIED from the column meanings of the 2019 format (国办公开办函〔2019〕60号; domain.md §3.3 T2-5).
    """
    return emit(report, ctx)


RULES = [regulations_by_lower_body, valid_documents_floor, published_within_total,
         project_count_not_negative]
