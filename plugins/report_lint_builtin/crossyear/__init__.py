"""XYR6xx: 跨报告检查 — what only a tool that sees all the reports of a run can catch.

These are folder-scope rules: the engine checks every file first, then runs them once over the
per-file summaries (`report_lint.summary`). Reports are grouped by issuer (the same body's
consecutive years) and by year (different bodies' reports of one year). Modules: `common` groups
reports and words cells, `continuity` compares this year's tables with last year's (carry-over,
现行有效), `copying` compares texts, `tables` finds tables repeated from last year, `parents` compares a
government's totals with its departments' and towns'. Rule modules
are imported inside the hook, so loading the plugin list stays cheap.
"""
from __future__ import annotations

from report_lint.hookspecs import hookimpl


@hookimpl
def report_lint_get_rules() -> list:
    from . import continuity, copying, parents, tables

    return [continuity.carry_over, continuity.valid_documents, copying.copied_from_last_year,
            copying.copied_from_other_body, tables.repeated_tables, parents.parent_below_children]
