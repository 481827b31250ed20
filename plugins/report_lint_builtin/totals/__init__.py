"""TOT: 统计表勾稽关系 (placeholder being written)."""
from __future__ import annotations

from report_lint.hookspecs import hookimpl


@hookimpl
def report_lint_get_rules() -> list:
    return []
