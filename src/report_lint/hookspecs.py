"""The pluggy hooks report-lint calls. Built-in rules use exactly these, like any third party.

A plugin is a module (or object) with `@hookimpl` functions, registered through the `report_lint`
entry-point group. Keep imports of rule modules inside the hook functions so that loading the
plugin list stays cheap.
"""
from __future__ import annotations

from typing import Any

import pluggy

PROJECT = "report_lint"
hookspec = pluggy.HookspecMarker(PROJECT)
hookimpl = pluggy.HookimplMarker(PROJECT)


@hookspec
def report_lint_get_rules() -> list[Any]:
    """Return the plugin's `report_lint.rules.Rule` objects."""


@hookspec
def report_lint_get_packs() -> list[Any]:
    """Return paths (`pathlib.Path` or `importlib.resources` traversables) of declarative TOML
    rule packs this plugin ships. The file name without `.toml` is the pack's installed name and
    must equal its `[pack] name`. A pack's rules run only when config names the pack (see
    `report_lint.packs` and docs/plugins.md)."""


@hookspec
def report_lint_get_templates() -> list[Any]:
    """Return paths of extra template TOML files (a province table layout, a new national one)."""


@hookspec
def report_lint_configure(config: dict[str, Any]) -> None:
    """Called once with the resolved config before any report is checked."""
