"""Plugin discovery: every rule plugin, built-in or a province's, comes through the `report_lint`
entry-point group and is registered on its own, so one broken plugin is reported and the others
still run (SQLFluff's `_load_plugin` pattern)."""
from __future__ import annotations

import os
import sys
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
    # Filled by report_lint.packs when a config names a pack: reference → loaded pack (None when
    # it failed), and the packs' errors (`PackError`: file, line, message).
    loaded_packs: dict[str, Any] = field(default_factory=dict)
    pack_errors: list[Any] = field(default_factory=list)
    manager: pluggy.PluginManager | None = None

    def add_rule(self, rule: Rule, plugin: str) -> None:
        if rule.code in self.rules:
            other = self.rules[rule.code].plugin
            self.errors.append(PluginError(plugin, f"规则代码 {rule.code} 与插件 {other} 重复，已忽略"))
            return
        rule.plugin = plugin
        self.rules[rule.code] = rule


@dataclass(frozen=True)
class EntryPoint:
    """The part of `importlib.metadata.EntryPoint` the host needs."""

    name: str
    value: str
    group: str = GROUP

    def load(self) -> Any:
        import importlib

        module, _, attr = self.value.partition(":")
        obj = importlib.import_module(module.strip())
        for part in filter(None, attr.strip().split(".")):
            obj = getattr(obj, part)
        return obj


def _entry_points() -> list[EntryPoint]:
    """Entry points of the group, read straight from the installed distributions' metadata.

    `importlib.metadata` costs ~50 ms to import and scan, a third of the start-up budget of a
    pre-commit run; reading `entry_points.txt` of each `*.dist-info` on sys.path takes ~2 ms.
    The first distribution of a name on sys.path wins, as with importlib.metadata.
    """
    found: dict[str, EntryPoint] = {}
    seen: set[str] = set()
    for folder in sys.path:
        try:
            names = sorted(n for n in os.listdir(folder or ".") if n.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
        for meta in names:
            dist = meta.rsplit("-", 1)[0].lower().replace("_", "-") if "-" in meta else meta
            if dist in seen:
                continue
            seen.add(dist)
            for ep in _read_entry_points(os.path.join(folder or ".", meta, "entry_points.txt")):
                found.setdefault(ep.name, ep)
    return sorted(found.values(), key=lambda ep: ep.name)


def _read_entry_points(path: str) -> list[EntryPoint]:
    try:
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
    except OSError:
        return []
    out, group = [], None
    for line in text.splitlines():
        line = line.strip()
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1].strip()
        elif group == GROUP and "=" in line and not line.startswith(("#", ";")):
            name, _, value = line.partition("=")
            out.append(EntryPoint(name.strip(), value.strip()))
    return out


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
