"""`report-lint parse FILE --format json`: the section AST and the bound tables as data."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..cli import EXIT_ERROR, EXIT_OK
from ..model import BoundTable, Report, Section


def _section(s: Section, report: Report) -> dict[str, Any]:
    line, _ = report.source.line_col(s.heading_span.start)
    out: dict[str, Any] = {"number": s.number, "numeral": s.numeral, "title": s.title,
                           "key": s.key, "line": line}
    if s.subsections:
        out["subsections"] = [_section(x, report) for x in s.subsections]
    return out


def _table(t: BoundTable) -> dict[str, Any]:
    rows = []
    for r in t.rows.values():
        row: dict[str, Any] = {"key": r.key, "label": r.label, "values": r.values}
        if r.item:
            row["item"] = r.item
        if t.key == "active_disclosure":
            row["columns"] = r.column_labels
        if r.unreadable:
            row["unreadable"] = r.unreadable
        rows.append(row)
    out: dict[str, Any] = {"template": t.template, "rows": rows}
    if t.key != "active_disclosure":
        first = next(iter(t.rows.values()), None)
        out["columns"] = first.column_labels if first else []
    if t.missing_rows:
        out["missing_rows"] = t.missing_rows
    return out


def report_to_json(report: Report) -> dict[str, Any]:
    facts = report.facts

    def fact(key: str) -> Any:
        f = facts.get(key)
        return None if f is None else (f.value.isoformat() if hasattr(f.value, "isoformat")
                                       else f.value)

    period = facts.get("period")
    return {
        "path": report.source.path,
        "format": report.source.format,
        "encoding": report.source.encoding,
        "template": report.template.id,
        "template_confidence": round(report.template.confidence, 3),
        "template_evidence": report.template.evidence,
        "year": report.year,
        "issuer": fact("issuer"),
        "issuer_level": fact("issuer_level"),
        "period": [d.isoformat() for d in period.value] if period and period.value else None,
        "published": fact("published"),
        "sections": [_section(s, report) for s in report.document.sections],
        "tables": {k: _table(t) for k, t in report.tables.items()},
        "diagnostics": [{"code": d.code, "message": d.message} for d in report.document.diagnostics],
    }


def run_parse(args: argparse.Namespace) -> int:
    from ..loaders import load_document
    from ..report import build_report
    from ..source import InputError

    try:
        doc = load_document(args.file)
    except InputError as exc:
        print(f"report-lint: {args.file}: 无法读取：{exc}", file=sys.stderr)
        return EXIT_ERROR
    from ..config import ConfigResolver

    facts = ConfigResolver().for_path(Path(args.file)).facts_for(Path(args.file))
    json.dump(report_to_json(build_report(doc, facts)), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK
