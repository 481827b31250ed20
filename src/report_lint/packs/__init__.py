"""Declarative rule packs: province and city rules in TOML, without Python.

    [pack]
    name = "mine"
    title = "本市补充要求"

    [[rules]]
    code = "MY001"
    severity = "warning"
    kind = "require-phrase"
    section = 6
    any = ["信息处理费", "处理费"]
    message = "第六部分应说明信息处理费收取情况"
    examples = { pass = "六、其他需要报告的事项\\n本年未收取信息处理费。", fail = "六、其他需要报告的事项\\n无" }

`schema` reads and checks a pack (errors carry the pack file and line), `kinds` holds the closed
set of rule kinds, `scopes` where a rule looks, `examples` the self-check run at load, `build`
turns a pack into `Rule`s, `enabling` ties packs to config and the plugin registry.
"""
from __future__ import annotations

from .build import Pack, load_pack
from .enabling import enabled_packs, ensure, error_findings, known_names, load_installed
from .kinds import KINDS
from .schema import PackError

__all__ = ["KINDS", "Pack", "PackError", "enabled_packs", "ensure", "error_findings",
           "known_names", "load_installed", "load_pack"]
