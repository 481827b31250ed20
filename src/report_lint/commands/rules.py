"""`report-lint rules` and `report-lint rule CODE`: rule docs from the rules' own metadata."""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..cli import EXIT_ERROR, EXIT_OK
from ..config import ConfigResolver, is_enabled
from ..host import load_registry
from ..rules import DOC_HEADINGS, Rule

FIX_LABEL = {"none": "—", "safe": "安全", "unsafe": "不安全"}


def rule_json(r: Rule, enabled: bool) -> dict[str, Any]:
    return {"code": r.code, "name": r.name, "summary": r.summary, "severity": r.default_severity,
            "fix": r.fix, "templates": list(r.templates) if r.templates else None,
            "scope": r.scope, "plugin": r.plugin, "pack": r.pack, "enabled": enabled,
            "docs": r.docs}


def run_rules(args: argparse.Namespace) -> int:
    reg = load_registry()
    resolver = ConfigResolver(args.config)
    from pathlib import Path

    cfg = resolver.for_path(Path.cwd() / "report.txt")
    rows = [(r, (r.pack is None or r.pack in cfg.packs) and is_enabled(r.code, cfg, in_pack=bool(r.pack)))
            for r in sorted(reg.rules.values(), key=lambda r: r.code)]
    if args.format == "json":
        json.dump({"version": 1, "rules": [rule_json(r, on) for r, on in rows],
                   "packs": [{"name": n, "enabled": n in cfg.packs} for n in sorted(reg.packs)]},
                  sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return EXIT_OK
    out = sys.stdout
    out.write(f"{_pad('代码', 10)}{_pad('启用', 6)}{_pad('级别', 10)}{_pad('修复', 8)}名称 — 说明\n")
    for r, on in rows:
        pack = f"（规则包 {r.pack}）" if r.pack else ""
        out.write(f"{_pad(r.code, 10)}{_pad('✓' if on else '·', 6)}{_pad(r.default_severity, 10)}"
                  f"{_pad(FIX_LABEL[r.fix], 8)}{r.name} — {r.summary}{pack}\n")
    for name in sorted(reg.packs):
        out.write(f"规则包 {name}：{'已启用' if name in cfg.packs else '未启用（在配置 packs 中列出以启用）'}\n")
    return EXIT_OK


def _pad(text: str, width: int) -> str:
    """Left-align in terminal cells: CJK characters take two."""
    import unicodedata

    cells = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - cells, 1)


def run_rule(args: argparse.Namespace) -> int:
    reg = load_registry()
    r = reg.rules.get(args.code.upper())
    if r is None:
        print(f"report-lint: 没有规则 {args.code}（report-lint rules 列出全部规则）", file=sys.stderr)
        return EXIT_ERROR
    sys.stdout.write(format_rule_doc(r))
    return EXIT_OK


HEADING_CN = {"What it checks": "检查什么", "Why": "为什么", "Example": "示例",
              "Fix safety": "修复安全性", "Basis": "依据"}


def format_rule_doc(r: Rule) -> str:
    lines = [f"# {r.code} {r.name}", "", r.summary, "",
             f"默认级别：{r.default_severity}　修复：{FIX_LABEL[r.fix]}　"
             f"适用模板：{', '.join(r.templates) if r.templates else '全部'}　插件：{r.plugin}", ""]
    if r.docs.get("summary"):
        lines += [r.docs["summary"], ""]
    for h in DOC_HEADINGS:
        if h in r.docs:
            lines += [f"## {HEADING_CN[h]}（{h}）", "", r.docs[h], ""]
    return "\n".join(lines)
