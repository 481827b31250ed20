"""Plugin host: broken plugins are reported and skipped; crashing rules become RL009 findings."""
from __future__ import annotations

import types
from pathlib import Path

from report_lint.engine import Linter
from report_lint.hookspecs import hookimpl
from report_lint.host import load_registry
from report_lint.rules import rule


class BrokenEntryPoint:
    """Looks like an importlib.metadata.EntryPoint whose module fails to import."""

    name = "broken"
    group = "report_lint"

    def load(self):
        raise ImportError("No module named 'report_lint_missing'")


def plugin_module(name: str, *rules) -> types.ModuleType:
    mod = types.ModuleType(name)

    @hookimpl
    def report_lint_get_rules():
        return list(rules)

    mod.report_lint_get_rules = report_lint_get_rules
    return mod


@rule("ZZ901", "always-crashes", "总是出错")
def crashes(report, ctx):
    raise ZeroDivisionError("boom")


@rule("ZZ902", "always-finds", "总是报告", severity="warning")
def finds(report, ctx):
    yield ctx.finding("示例问题")


def test_broken_plugin_is_reported_and_others_still_load() -> None:
    reg = load_registry([("broken", BrokenEntryPoint()), ("ok", plugin_module("ok", finds))])
    assert any(e.plugin == "broken" and "report_lint_missing" in e.message for e in reg.errors)
    assert "ZZ902" in reg.rules and "RL001" in reg.rules


def test_plugin_with_undeclared_hook_is_reported() -> None:
    mod = types.ModuleType("typo")

    @hookimpl
    def report_lint_get_rulez():
        return []

    mod.report_lint_get_rulez = report_lint_get_rulez
    reg = load_registry([("typo", mod)])
    assert any("report_lint_get_rulez" in e.message for e in reg.errors)


def test_duplicate_code_is_reported() -> None:
    reg = load_registry([("a", plugin_module("a", finds)), ("b", plugin_module("b", finds))])
    assert any("ZZ902" in e.message for e in reg.errors)


def test_crashing_rule_becomes_rl009_and_others_run(tmp_path: Path) -> None:
    reg = load_registry([("x", plugin_module("x", crashes, finds))])
    f = tmp_path / "r.txt"
    f.write_text("一、总体情况\n本年无。\n", encoding="utf-8")
    result = Linter(reg).check_file(f)
    codes = {x.code: x for x in result.findings}
    assert "ZZ902" in codes and codes["ZZ902"].severity == "warning"
    assert "RL009" in codes and "ZZ901" in codes["RL009"].message
    assert codes["RL009"].severity == "error"


def test_fast_entry_point_scan_matches_importlib_metadata() -> None:
    from importlib.metadata import entry_points

    from report_lint.host import _entry_points

    fast = [(ep.name, ep.value) for ep in _entry_points()]
    slow = sorted((ep.name, ep.value) for ep in entry_points(group="report_lint"))
    assert fast == slow
    assert {ep.load().__name__ for ep in _entry_points()} >= {"report_lint_builtin.input"}
