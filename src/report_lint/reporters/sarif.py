"""`--format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.

One run: the driver lists every loaded rule (id, name, short and full description, help as text
and Markdown, default level); one result per finding with ruleId/ruleIndex, level, message and a
physical location. Columns count Unicode code points (`columnKind`), as report-lint's do.
Run-level findings (a plugin that failed to load) are tool configuration notifications.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from .. import __version__
from ..findings import Finding
from . import relative_path

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT = "reportLint/v1"  # the baseline fingerprint: stable across line moves


def rule_descriptor(r: Any) -> dict[str, Any]:
    from ..commands.docs import rule_markdown
    from ..commands.rules import format_rule_doc

    full = r.docs.get("What it checks") or r.docs.get("summary") or r.summary
    return {
        "id": r.code, "name": r.name,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": full},
        "help": {"text": format_rule_doc(r), "markdown": rule_markdown(r, level=1)},
        "defaultConfiguration": {"level": LEVEL[r.default_severity]},
        "properties": {"fix": r.fix, "plugin": r.plugin, **({"pack": r.pack} if r.pack else {}),
                       "tags": [r.prefix]},
    }


def _stub(code: str, name: str) -> dict[str, Any]:
    """A descriptor for a code no loaded rule has (every result's rule must be in the driver)."""
    return {"id": code, "name": name or code.lower(), "shortDescription": {"text": code}}


def artifact_uri(path: str) -> tuple[str, str | None]:
    """(uri, uriBaseId): relative paths are resolved against %SRCROOT% (the working directory)."""
    rel = relative_path(path)
    if os.path.isabs(rel):
        return Path(rel).as_uri(), None
    return quote(rel), "%SRCROOT%"


def result(f: Finding, index: int, fp: str) -> dict[str, Any]:
    uri, base = artifact_uri(f.path)
    loc: dict[str, Any] = {"uri": uri, **({"uriBaseId": base} if base else {})}
    out: dict[str, Any] = {
        "ruleId": f.code, "ruleIndex": index, "level": LEVEL[f.severity or "error"],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": {"artifactLocation": loc, "region": {
            "startLine": f.line, "startColumn": f.column,
            "endLine": max(f.end_line, f.line), "endColumn": max(f.end_column, 1)}}}],
    }
    if fp:
        out["partialFingerprints"] = {FINGERPRINT: fp}
    return out


def as_dict(results: list[Any], extra: list[Finding] = (), registry: Any = None) -> dict[str, Any]:
    rules = sorted(registry.rules.values(), key=lambda r: r.code) if registry else []
    descriptors = [rule_descriptor(r) for r in rules]
    index = {d["id"]: i for i, d in enumerate(descriptors)}
    out = []
    for r in results:
        fps = r.fingerprints if len(r.fingerprints) == len(r.findings) else [""] * len(r.findings)
        for f, fp in zip(r.findings, fps):
            if f.code not in index:
                index[f.code] = len(descriptors)
                descriptors.append(_stub(f.code, f.name))
            out.append(result(f, index[f.code], fp))
    notes = [{"level": LEVEL[f.severity or "error"], "message": {"text": f.message},
              "descriptor": {"id": f.code}} for f in extra]
    invocation = {"executionSuccessful": not extra and not any(r.error for r in results),
                  "toolConfigurationNotifications": notes}
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [{
        "tool": {"driver": {"name": "report-lint", "version": __version__,
                            "semanticVersion": __version__,
                            "rules": descriptors}},
        "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
        "columnKind": "unicodeCodePoints",
        "invocations": [invocation],
        "results": out,
    }]}


def write(results: list[Any], out: TextIO, extra: list[Finding] = (), registry: Any = None,
          **_: Any) -> None:
    out.write(json.dumps(as_dict(results, list(extra), registry), ensure_ascii=False, indent=2) + "\n")
