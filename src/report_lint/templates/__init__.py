"""National templates as data: sections, the statistical tables' rows and columns, relations.

The data lives in `rules/templates/*.toml` (installed as the `report_lint_rules` package).
"""
from __future__ import annotations

from .sections import SectionDef, match_section_title, section_defs

__all__ = ["SectionDef", "match_section_title", "section_defs"]
