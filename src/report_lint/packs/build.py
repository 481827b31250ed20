"""Load a pack file into `Rule`s: read and check the TOML, compile each rule with its kind, write
its docs from the pack's own words, and run its examples."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..findings import Finding
from ..model import Report
from ..rules import Rule, RuleContext
from .base import Check, Compiled
from .examples import self_check
from .kinds import compile_rule
from .schema import Checker, PackError, PackSpec, RuleSpec, read_pack

EXAMPLE_CHARS = 160  # a longer example fragment is cut in the rule's docs


@dataclass
class Pack:
    """A loaded pack: its header and its rules (each with `Rule.pack` set to the pack's name)."""

    name: str
    title: str
    path: str
    version: str | None = None
    description: str | None = None
    rules: list[Rule] = field(default_factory=list)


def load_pack(source: Any, display: str | None = None) -> Pack:
    """Load the pack at `source` (a path or an `importlib.resources` traversable).

    Raises `PackError` (`file:line: message`) for anything wrong, including a rule whose own
    examples do not pass.
    """
    path = display or str(source)
    try:
        text = (Path(source) if isinstance(source, str) else source).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError(path, 1, f"无法读取规则包：{exc}") from None
    spec = read_pack(text, path)
    pack = Pack(spec.name, spec.title, path, spec.version, spec.description)
    pack.rules = [build_rule(spec, r) for r in spec.rules]
    return pack


def build_rule(pack: PackSpec, spec: RuleSpec) -> Rule:
    assert pack.lines is not None
    c = Checker(pack.path, pack.lines, spec.params, spec.index, f"规则 {spec.code}：")
    compiled = compile_rule(spec, c)
    rule = Rule(spec.code, spec.name, spec.summary, _gated(compiled.check, spec),
                spec.severity, "none", spec.templates, "report", _docs(pack, spec, compiled),
                pack=pack.name)
    self_check(spec, rule, compiled.check, pack.path)
    return rule


def _gated(check: Check, spec: RuleSpec) -> Check:
    """Apply `from_year` / `to_year` (the report year; a report of unknown year is not checked)."""
    lo, hi = spec.from_year, spec.to_year
    if lo is None and hi is None:
        return check

    def gated(report: Report, ctx: RuleContext) -> Iterable[Finding]:
        year = report.year
        if year is None or (lo is not None and year < lo) or (hi is not None and year > hi):
            return ()
        return check(report, ctx)

    return gated


def _docs(pack: PackSpec, spec: RuleSpec, compiled: Compiled) -> dict[str, str]:
    limits = []
    lo, hi = spec.from_year, spec.to_year
    if lo or hi:
        limits.append(f"{lo}年度" if lo == hi else f"{lo}–{hi}年度" if lo and hi
                      else f"{lo}年度及以后" if lo else f"{hi}年度及以前")
    if spec.templates:
        limits.append(f"模板 {', '.join(spec.templates)}")
    what = compiled.what + (f"只检查{'、'.join(limits)}的报告。" if limits else "")
    return {
        "summary": f"规则包 {pack.title}（`{pack.name}`，{pack.path} 第 {spec.line} 行）的规则；"
                   f"在配置 packs 中列出该规则包后才运行。",
        "What it checks": what,
        "Why": spec.why or pack.description or spec.message,
        "Example": _example_docs(spec) or "（规则包未给出示例）",
        "Fix safety": "无自动修复：规则包规则只报告问题。",
        "Basis": spec.basis or "（规则包未注明依据）",
    }


def _example_docs(spec: RuleSpec) -> str:
    out = []
    for label, fails in (("报告问题", True), ("不报告", False)):
        ex = next((e for e in spec.examples if e.fails == fails), None)
        if ex is None:
            continue
        t = ex.text.strip()
        shown = t if len(t) <= EXAMPLE_CHARS else t[:EXAMPLE_CHARS] + "…"
        facts = "，".join(f"{k} = {v}" for k, v in ex.facts.items())
        out.append(f"{label}{f'（{facts}）' if facts else ''}：\n\n```\n{shown}\n```")
    return "\n\n".join(out)
