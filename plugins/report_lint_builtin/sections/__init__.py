"""SEC2xx: the six statutory sections of Art. 50 — presence, order, numbering, content.

Registered through the `report_lint` entry-point group (`sections`); the rule modules are
imported inside the hook so that loading the plugin list stays cheap.
"""
from __future__ import annotations

from report_lint.hookspecs import hookimpl


@hookimpl
def report_lint_get_rules() -> list:
    from . import content, numbering, presence

    return [presence.missing_section, numbering.section_order, numbering.duplicate_or_skipped,
            numbering.mixed_numbering, content.empty_section, presence.table_missing,
            content.no_assessment, content.no_fee_statement, presence.nonstandard_title]
