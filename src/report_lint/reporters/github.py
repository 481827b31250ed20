"""`--format github`: one GitHub Actions workflow command per finding.

    ::error file=report.txt,line=61,col=1,endLine=61,endColumn=30,title=TOT301::message

error → `::error`, warning → `::warning`, info → `::notice`. Escaping follows GitHub's runner
(`toolkit/packages/core/src/command.ts`): data escapes `%`, CR and LF; property values also `:` and
`,`. Paths are made relative to the working directory so annotations attach to the diff.
"""
from __future__ import annotations

from typing import Any, TextIO

from ..findings import Finding
from . import relative_path

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def annotation(f: Finding) -> str:
    props: list[tuple[str, Any]] = []
    if f.path and not f.path.startswith("<"):  # "<plugins>": a run-level finding, no file
        props += [("file", relative_path(f.path)), ("line", f.line), ("col", f.column),
                  ("endLine", f.end_line), ("endColumn", f.end_column)]
    props.append(("title", f.code))
    head = ",".join(f"{k}={escape_property(str(v))}" for k, v in props)
    return f"::{COMMAND.get(f.severity or 'error', 'error')} {head}::{escape_data(f.message)}"


def write(results: list[Any], out: TextIO, extra: list[Finding] = (), **_: Any) -> None:
    for f in extra:
        out.write(annotation(f) + "\n")
    for r in results:
        for f in r.findings:
            out.write(annotation(f) + "\n")
