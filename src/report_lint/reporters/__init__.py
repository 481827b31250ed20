"""Output formats. Each reporter is imported only when its format is asked for."""
from __future__ import annotations

from typing import Any, Callable, TextIO

FORMATS = {
    "text": "report_lint.reporters.text:write_full",
    "concise": "report_lint.reporters.text:write_concise",
    "json": "report_lint.reporters.json_out:write",
}

Writer = Callable[..., None]


def get_writer(fmt: str) -> Writer:
    import importlib

    module, _, func = FORMATS[fmt].partition(":")
    return getattr(importlib.import_module(module), func)


def write(fmt: str, results: list[Any], out: TextIO, **kw: Any) -> None:
    get_writer(fmt)(results, out, **kw)
