"""TXT5xx: 正文与统计表、发布机关 — what evaluators catch by reading the text against the tables.
"""
from __future__ import annotations

from report_lint.hookspecs import hookimpl


@hookimpl
def report_lint_get_rules() -> list:
    return []
