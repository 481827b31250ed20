"""`--format json`: one versioned JSON object (schema version 1)."""
from __future__ import annotations

import json
from typing import Any, TextIO

from ..engine import FileResult, summarize

SCHEMA_VERSION = 1


def as_dict(results: list[FileResult], extra: list[Any] = ()) -> dict[str, Any]:
    findings = [f.to_json() for f in extra]
    files = []
    for r in results:
        findings.extend(f.to_json() for f in r.findings)
        files.append({"path": r.path, "template": r.template, "year": r.year, "error": r.error})
    return {"version": SCHEMA_VERSION, "findings": findings, "files": files,
            "summary": summarize(results)}


def write(results: list[FileResult], out: TextIO, extra: list[Any] = (), **_: Any) -> None:
    # One write: json.dump streams hundreds of thousands of tiny writes (seconds on big runs).
    out.write(json.dumps(as_dict(results, extra), ensure_ascii=False, indent=2) + "\n")
