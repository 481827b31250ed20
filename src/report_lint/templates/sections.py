"""The six statutory sections and their heading variants (data: rules/templates/sections.toml)."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..text import norm


@dataclass(frozen=True)
class SectionDef:
    number: int
    key: str
    title: str
    variants: tuple[str, ...]


@lru_cache(maxsize=1)
def section_defs() -> tuple[SectionDef, ...]:
    data = tomllib.loads(
        resources.files("report_lint_rules").joinpath("templates/sections.toml").read_text("utf-8"))
    return tuple(SectionDef(s["number"], s["key"], s["title"], tuple(norm(v) for v in s["variants"]))
                 for s in data["sections"])


def match_section_title(title: str) -> SectionDef | None:
    """The statutory section a heading title names (exact variant, or a variant it starts with)."""
    t = norm(title).rstrip("。：:")
    best: SectionDef | None = None
    best_len = 0
    for d in section_defs():
        for v in d.variants:
            if (t == v or t.startswith(v)) and len(v) > best_len:
                best, best_len = d, len(v)
    return best
