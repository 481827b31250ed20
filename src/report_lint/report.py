"""Document → Report: bind the statistical tables to a template and gather the facts."""
from __future__ import annotations

from typing import Any

from .facts import extract_facts
from .model import Document, Report
from .templates import bind


def build_report(doc: Document, overrides: dict[str, Any] | None = None) -> Report:
    result = bind(doc)
    facts, sources = extract_facts(doc, overrides or {})
    doc.diagnostics.extend(result.diagnostics)
    return Report(doc, result.template, result.tables, result.table_templates, facts, sources,
                  config=dict(overrides or {}), labels=result.labels)
