"""The `deadline` pack rule kind: a local publication deadline by issuer level.

Art. 49 sets the national dates (DAT409 checks them); cities and provinces often set earlier ones
(怀化: city departments by 1月28日; 岳阳: districts by 2月20日). A pack writes them as
`deadlines = { township = "02-20", city-department = "01-28" }`, month-day in the year after the
report year. Keys are issuer levels, or `<parent level>-department` for a department of a
government of that level.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Iterator

from ..findings import Finding
from ..model import Report
from ..rules import RuleContext
from .base import Compiled, Kind
from .schema import Checker, RuleSpec
from .scopes import Scope, first_line

LEVEL_NAMES = {"province": "省级人民政府", "city": "市级人民政府", "county": "县级人民政府",
               "township": "乡镇人民政府", "street": "街道办事处", "department": "政府部门"}
PARENTS = ("province", "city", "county", "township", "street")
KEY_NAMES = {**LEVEL_NAMES, **{f"{p}-department": f"{LEVEL_NAMES[p][:2]}政府部门" for p in PARENTS}}
_MONTH_DAY = re.compile(r"^(\d{2})-(\d{2})$")


def _parse(c: Checker) -> dict[str, tuple[int, int]]:
    raw = c.get("deadlines", dict, required=True)
    if not raw:
        raise c.error("deadlines 不能为空", "deadlines")
    out = {}
    for key, value in raw.items():
        if key not in KEY_NAMES:
            raise c.error(f"deadlines 中未知的层级 {key}（可用：{', '.join(KEY_NAMES)}）", "deadlines")
        m = _MONTH_DAY.match(value) if isinstance(value, str) else None
        try:
            month, day = int(m.group(1)), int(m.group(2))  # type: ignore[union-attr]
            dt.date(2000, month, day)  # a leap year: 02-29 is allowed
        except (AttributeError, ValueError):
            raise c.error(f"deadlines.{key} 应写作 \"MM-DD\"（如 \"01-28\"），而非 {value!r}",
                          "deadlines") from None
        out[key] = (month, day)
    return out


def _deadline(spec: RuleSpec, c: Checker, scope: Scope) -> Compiled:
    dates = _parse(c)

    def check(report: Report, ctx: RuleContext) -> Iterator[Finding]:
        got = _due(report, dates)
        pub = report.facts.get("published")
        if got is None or pub is None or not isinstance(pub.value, dt.date):
            return
        key, due, from_config = got
        if pub.value <= due:
            return
        late = (pub.value - due).days
        guess = "" if from_config else "；层级由发布机关名称推断，可在配置 facts.issuer_level 中写明"
        f = ctx.finding(f"{spec.message}（发布日期 {_cn(pub.value)} 晚于{KEY_NAMES[key]}的期限 "
                        f"{_cn(due)}，逾期 {late} 天{guess}）", pub.span or first_line(report, 0),
                        published=pub.value.isoformat(), deadline=due.isoformat(), level=key)
        if not from_config and spec.severity == "error":
            f.severity = "warning"  # a level read from a name may mislead (as DAT409)
        yield f

    listed = "、".join(f"{KEY_NAMES[k]} {m}月{d}日" for k, (m, d) in dates.items())
    return Compiled(check, f"发布日期不晚于报告年度次年的期限：{listed}。层级取自配置 "
                           "facts.issuer_level 或发布机关名称（由名称推断时错误级降为警告）；发布日期取自"
                           "网页元数据或配置 facts.published，没有发布日期或层级不在表中时不检查。")


def _due(report: Report, dates: dict[str, tuple[int, int]]) -> tuple[str, dt.date, bool] | None:
    """(key, deadline, level from config?) for the report's issuer, or None."""
    level = report.facts.get("issuer_level")
    year = report.year
    if level is None or year is None:
        return None
    parent = report.facts.get("issuer_parent_level")
    key = level.value
    if key == "department" and parent is not None and f"{parent.value}-department" in dates:
        key = f"{parent.value}-department"
    if key not in dates:
        return None
    month, day = dates[key]
    if month == 2 and day == 29 and not _leap(year + 1):
        day = 28
    return key, dt.date(year + 1, month, day), level.origin == "config"


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _cn(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


DEADLINE_KIND = Kind("deadline", ("deadlines",), ("report",), _deadline,
                     "按发布机关层级的本地发布期限（报告年度次年的月-日）")
