"""report-lint plugin of an example province: one Python rule and one declarative pack.

Both belong to the pack `example-province`: they run only for reports whose config says
`packs = ["example-province"]` — installing the plugin changes nothing by itself.

report-lint calls the two hooks below (see report_lint.hookspecs). Import rule modules inside the
hooks, not at the top of this module, so that loading the plugin list stays cheap.
"""
from __future__ import annotations

from typing import Any

from report_lint.hookspecs import hookimpl

PACK = "example-province"


@hookimpl
def report_lint_get_rules() -> list[Any]:
    from .rules import RULES

    return RULES


@hookimpl
def report_lint_get_packs() -> list[Any]:
    from importlib import resources

    return [resources.files(__name__).joinpath("packs", f"{PACK}.toml")]
