"""Plugin discovery: every rule plugin, built-in or a province's, comes through the `report_lint`
entry-point group and is registered on its own, so one broken plugin is reported and the others
still run (SQLFluff's `_load_plugin` pattern)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pluggy

from . import hookspecs
from .rules import Rule

GROUP = "report_lint"


@dataclass
class PluginError:
    plugin: str
    message: str


@dataclass
class Registry:
    """The loaded plugins' rules, packs and templates."""

    rules: dict[str, Rule] = field(default_factory=dict)
    packs: dict[str, Any] = field(default_factory=dict)  # pack name → path of its TOML
    templates: list[Any] = field(default_factory=list)
    errors: list[PluginError] = field(default_factory=list)
    manager: pluggy.PluginManager | None = None

    def add_rule(self, rule: Rule, plugin: str) -> None:
        if rule.code in self.rules:
            other = self.rules[rule.code].plugin
            self.errors.append(PluginError(plugin, f"规则代码 {rule.code} 与插件 {other} 重复，已忽略"))
            return
        rule.plugin = plugin
        self.rules[rule.code] = rule


def _entry_points() -> list[Any]:
    from importlib.metadata import entry_points  # ~50 ms: only when plugins are needed

    return sorted(entry_points(group=GROUP), key=lambda ep: ep.name)


def load_registry(extra_plugins: list[tuple[str, Any]] = ()) -> Registry:
    """Load every plugin of the entry-point group, plus `extra_plugins` (name, module) pairs."""
    pm = pluggy.PluginManager(hookspecs.PROJECT)
    pm.add_hookspecs(hookspecs)
    reg = Registry(manager=pm)
    candidates: list[tuple[str, Any]] = [(ep.name, ep) for ep in _entry_points()]
    candidates += list(extra_plugins)
    for name, obj in candidates:
        try:
            plugin = obj.load() if hasattr(obj, "load") and hasattr(obj, "group") else obj
            pm.register(plugin, name=name)
        except Exception as exc:  # a broken plugin must not stop the others
            reg.errors.append(PluginError(name, f"插件加载失败：{type(exc).__name__}: {exc}"))
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        reg.errors.append(PluginError(str(exc.plugin), f"插件实现了未声明的钩子：{exc}"))
    _collect(pm, reg)
    return reg


def _collect(pm: pluggy.PluginManager, reg: Registry) -> None:
    """Call each hook implementation on its own so a failing one is named and skipped."""
    for hook, sink in (("report_lint_get_rules", _add_rules),
                       ("report_lint_get_packs", _add_packs),
                       ("report_lint_get_templates", _add_templates)):
        for impl in getattr(pm.hook, hook).get_hookimpls():
            try:
                sink(reg, impl.plugin_name, impl.function() or [])
            except Exception as exc:
                reg.errors.append(PluginError(impl.plugin_name,
                                              f"{hook} 出错：{type(exc).__name__}: {exc}"))


def _add_rules(reg: Registry, plugin: str, rules: list[Rule]) -> None:
    for r in rules:
        reg.add_rule(r, plugin)


def _add_packs(reg: Registry, plugin: str, paths: list[Any]) -> None:
    for p in paths:
        reg.packs.setdefault(str(getattr(p, "stem", None) or str(p).rsplit("/", 1)[-1]
                                 .removesuffix(".toml")), p)


def _add_templates(reg: Registry, plugin: str, paths: list[Any]) -> None:
    reg.templates.extend(paths)
