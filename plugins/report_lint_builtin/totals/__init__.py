"""TOT3xx: 统计表勾稽关系 — the arithmetic of tables 二, 三 and 四.

Modules: `relations` evaluates the relations of the template each table was bound with (as
linear forms), `explain` turns failures into findings (one cause reported once), `messages`
words them, `arithmetic` and `table2` hold the relation rules, `cells` the cell-content rules
(blank, text, negative, fractional). Rule modules are imported inside the hook, so loading the
plugin list stays cheap.
"""
from __future__ import annotations

from report_lint.hookspecs import hookimpl


@hookimpl
def report_lint_get_rules() -> list:
    from . import arithmetic, cells, table2

    return [*arithmetic.RULES, *cells.RULES, *table2.RULES]
