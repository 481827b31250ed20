"""Packaging: every package folder ships, every built-in plugin is an entry point, data is found."""
from __future__ import annotations

import tomllib
from importlib import resources
from importlib.metadata import entry_points
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
SETUP = PYPROJECT["tool"]["setuptools"]


def _package_dirs() -> dict[str, Path]:
    out = {}
    for name, folder in (("report_lint", REPO / "src" / "report_lint"),
                         ("report_lint_builtin", REPO / "plugins" / "report_lint_builtin")):
        for init in folder.rglob("__init__.py"):
            rel = init.parent.relative_to(folder)
            out[".".join([name, *rel.parts])] = init.parent
    return out


def test_every_package_folder_is_listed() -> None:
    missing = sorted(set(_package_dirs()) - set(SETUP["packages"]))
    assert not missing, f"add to [tool.setuptools] packages: {missing}"


def test_every_builtin_plugin_is_an_entry_point() -> None:
    declared = set(PYPROJECT["project"]["entry-points"]["report_lint"].values())
    plugins = {p for p in _package_dirs() if p.count(".") == 1 and p.startswith("report_lint_builtin.")}
    plugins |= {f"report_lint_builtin.{f.stem}" for f in (REPO / "plugins" / "report_lint_builtin").glob("*.py")
                if f.stem != "__init__"}
    assert plugins <= declared, sorted(plugins - declared)


def test_installed_entry_points_match_pyproject() -> None:
    installed = {ep.name: ep.value for ep in entry_points(group="report_lint")}
    for name, value in PYPROJECT["project"]["entry-points"]["report_lint"].items():
        assert installed.get(name) == value, f"reinstall: entry point {name} not installed"


def test_template_data_ships_in_the_distribution() -> None:
    names = {p.name for p in resources.files("report_lint_rules").joinpath("templates").iterdir()}
    assert {"sections.toml", "2020.toml", "2021.toml"} <= names
