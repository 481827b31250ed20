"""Test helpers for pack and plugin authors: lint a text with only your rules, in a few lines.

    from report_lint.testing import codes, lint_text

    def test_fee_statement_required():
        found = lint_text("六、其他需要报告的事项\\n无", packs=["henan"], facts={"year": 2023})
        assert codes(found) == ["HEN001"]

    def test_my_plugin_rule():
        from my_plugin.rules import my_rule
        assert lint_text("一、总体情况\\n今年以来……", rules=[my_rule]) != []

`lint_text` runs the full pipeline (loader, template binding, facts, engine, suppressions) on
`text`, with only the rules you name enabled: `rules` (Rule objects, e.g. from your plugin), and
every rule of the `packs` (installed pack names, or paths of pack files); a rule of a pack
enables its pack, as a config naming the pack would. A pack that fails to
load raises its `PackError` (file:line: message), so a broken pack fails the test loudly.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from .config import Config, ConfigResolver, Glob, is_pack_path
from .findings import Finding
from .packs import PackError, load_pack
from .rules import Rule

__all__ = ["PackError", "codes", "lint_text", "load_pack"]


def lint_text(text: str, *, rules: Iterable[Rule] = (), packs: Iterable[str | Path] = (),
              facts: dict[str, Any] | None = None, select: list[str] | None = None,
              path: str = "report.txt") -> list[Finding]:
    """The findings of `rules` and of the `packs`' rules on `text` (others are not selected).

    `facts` are what config `[facts]` would give (year, issuer, issuer_level, published as a
    `datetime.date`); `select` replaces the default selection (your rules and packs); `path`
    decides the loader (`.txt`, `.md`, `.html`).
    """
    from .engine import Linter
    from .host import load_registry

    registry = load_registry()
    own = list(rules)
    for r in own:  # the rules under test win over an installed copy of the same code
        r.plugin = r.plugin or "test"
        registry.rules[r.code] = r
    named = [_ref(p) for p in packs]
    cfg = Config(packs=list(dict.fromkeys([*named, *(r.pack for r in own if r.pack)])),
                 facts=[(Glob(Path("/"), "*"), dict(facts))] if facts else [])
    linter = Linter(registry, _Fixed(cfg))
    linter.enabled_packs(cfg)
    if registry.pack_errors:
        raise registry.pack_errors[0]
    unknown = [ref for ref in named if registry.loaded_packs.get(ref) is None]
    if unknown:
        raise ValueError(f"规则包未安装：{', '.join(unknown)}")
    pack_names = {registry.loaded_packs[ref].name for ref in named if registry.loaded_packs.get(ref)}
    cfg.select = select if select is not None else (
        [r.code for r in own] + [r.code for r in registry.rules.values() if r.pack in pack_names])
    return linter.check_file(Path(path), data=text.encode("utf-8")).findings


def codes(findings: Iterable[Finding]) -> list[str]:
    """The findings' codes, sorted (one entry per finding)."""
    return sorted(f.code for f in findings)


def _ref(pack: str | Path) -> str:
    p = str(pack)
    return str(Path(p).resolve()) if isinstance(pack, Path) or is_pack_path(p) else p


class _Fixed(ConfigResolver):
    """A resolver that gives one config for every path."""

    def __init__(self, cfg: Config) -> None:
        super().__init__(None)
        self.explicit = cfg
