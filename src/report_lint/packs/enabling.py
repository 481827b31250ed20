"""Packs and the plugin registry: a pack runs only when a config names it, never because it is
installed (linter-anchors §0.1: installing the Henan pack must not change a Guangdong report).

A config's `packs` entry is one of
- the name of a declarative pack an installed plugin ships (`report_lint_get_packs`), e.g. `henan`;
- the pack name of a Python plugin's rules (`Rule.pack`), e.g. `example-province`;
- a pack file, resolved by `config.py` to an absolute path relative to the config file.

A pack is loaded (and its examples run) the first time a config names it; its rules are added to
the registry with `Rule.pack` set, which `engine.active_rules` honours. A pack that fails to load
is recorded with its file and line and reported as RL016; the other packs and rules still run.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import is_pack_path
from .build import Pack, load_pack
from .schema import PackError

if TYPE_CHECKING:
    from ..config import Config
    from ..findings import Finding
    from ..host import Registry

PACK_PLUGIN = "pack:"  # Rule.plugin of a declarative pack's rules: "pack:<name>"


def enabled_packs(cfg: Config, registry: Registry) -> frozenset[str]:
    """Names of the packs `cfg` enables, loading and registering each on first use."""
    names = (ensure(ref, registry) for ref in cfg.packs)
    return frozenset(p.name for p in names if p is not None)


def ensure(ref: str, registry: Registry) -> Pack | None:
    """The pack `ref` names, loaded once per registry; None when unknown or broken."""
    if ref not in registry.loaded_packs:
        registry.loaded_packs[ref] = _load(ref, registry)
    return registry.loaded_packs[ref]


def load_installed(registry: Registry) -> list[Pack]:
    """Load every installed pack (for `report-lint rules`, `rule`, `docs --all`): enabled or
    not, their rules are then listed and documented."""
    refs = sorted(set(registry.packs) | plugin_pack_names(registry))
    return [p for p in (ensure(r, registry) for r in refs) if p is not None]


def plugin_pack_names(registry: Registry) -> set[str]:
    """Pack names of Python plugins' rules (declarative packs' rules excluded)."""
    return {r.pack for r in registry.rules.values()
            if r.pack and not r.plugin.startswith(PACK_PLUGIN)}


def known_names(registry: Registry) -> set[str]:
    """Every pack name a config may use without a path."""
    return set(registry.packs) | plugin_pack_names(registry)


def _load(ref: str, registry: Registry) -> Pack | None:
    """Load a pack file or an installed declarative pack; an installed name also takes the
    Python plugin rules of that pack name (a plugin may ship both)."""
    pack = _load_file(ref, registry) if is_pack_path(ref) or ref in registry.packs else None
    if is_pack_path(ref):
        return pack
    rules = [r for r in registry.rules.values()
             if r.pack == ref and not r.plugin.startswith(PACK_PLUGIN)]
    if pack is None:
        return Pack(ref, ref, f"插件 {rules[0].plugin}", rules=rules) if rules else None
    pack.rules += rules
    return pack


def _load_file(ref: str, registry: Registry) -> Pack | None:
    source: Any = Path(ref) if is_pack_path(ref) else registry.packs[ref]
    display = _display(str(source))
    try:
        pack = load_pack(source, display)
        if not is_pack_path(ref) and pack.name != ref:
            raise PackError(display, 1, f"[pack] name 为 {pack.name!r}，与其安装名 {ref!r} 不符")
        other = next((r for r, p in registry.loaded_packs.items()
                      if p is not None and p.name == pack.name), None)
        if other is not None:
            raise PackError(display, 1, f"规则包名 {pack.name!r} 已被 {other} 使用")
    except PackError as exc:
        registry.pack_errors.append(exc)
        return None
    for rule in pack.rules:
        registry.add_rule(rule, f"{PACK_PLUGIN}{pack.name}")
    return pack


def _display(path: str) -> str:
    """A pack path as messages show it: relative to the working directory when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return path


def error_findings(registry: Registry) -> list[Finding]:
    """RL016 findings, one per pack that could not be loaded, at its file and line."""
    from .. import diagnostics as rl
    from ..findings import Finding

    return [Finding(rl.PACK_ERROR, f"规则包无法使用：{e.message}", severity="error",
                    name="invalid-rule-pack", path=e.path, line=e.line, end_line=e.line)
            for e in registry.pack_errors]
