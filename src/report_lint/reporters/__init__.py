"""Output formats. Each reporter is imported only when its format is asked for.

A writer is called as `write(results, out, *, extra, color, registry, **_)`: `results` are the
`FileResult`s in file order, `extra` the run-level findings (plugin errors), `registry` the loaded
rules (SARIF lists them all).
"""
from __future__ import annotations

import os
from typing import Any, Callable, TextIO

FORMATS = {
    "text": "report_lint.reporters.text:write_full",
    "concise": "report_lint.reporters.text:write_concise",
    "json": "report_lint.reporters.json_out:write",
    "sarif": "report_lint.reporters.sarif:write",
    "github": "report_lint.reporters.github:write",
    "junit": "report_lint.reporters.junit:write",
    "statistics": "report_lint.reporters.statistics:write",  # --statistics, not a --format
}

Writer = Callable[..., None]


def get_writer(fmt: str) -> Writer:
    import importlib

    module, _, func = FORMATS[fmt].partition(":")
    return getattr(importlib.import_module(module), func)


def write(fmt: str, results: list[Any], out: TextIO, **kw: Any) -> None:
    get_writer(fmt)(results, out, **kw)


def relative_path(path: str) -> str:
    """`path` relative to the working directory when it lies inside it, with forward slashes:
    CI annotations and SARIF locations are resolved against the repository root."""
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        if not rel.startswith(".."):
            path = rel
    return path.replace(os.sep, "/")
