"""FMT1xx: which national template the statistical tables follow, and whether it fits.

Registered through the `report_lint` entry-point group (`format`); the rule modules are imported
inside the hook so that loading the plugin list stays cheap.
"""
from __future__ import annotations

from report_lint.hookspecs import hookimpl


@hookimpl
def report_lint_get_rules() -> list:
    from . import detection, labelform, labels, layout

    return [detection.template_year_mismatch, detection.mixed_templates,
            layout.missing_row_or_column, layout.row_order, labels.other_template_label,
            labels.local_label_variant, detection.no_template, detection.low_confidence,
            labels.label_typo, labelform.label_form]
