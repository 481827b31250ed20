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

    from ..packs import enabled_packs, load_installed

    cfg = resolver.for_path(Path.cwd() / "report.txt")
    load_installed(reg)  # every installed pack's rules are listed, enabled or not
    enabled = enabled_packs(cfg, reg)
    rows = [(r, (r.pack is None or r.pack in enabled) and is_enabled(r.code, cfg, in_pack=bool(r.pack)))
            for r in sorted(reg.rules.values(), key=lambda r: r.code)]
    packs = pack_rows(reg, enabled)
    status = _report_load_errors(reg)
    if args.format == "json":
        json.dump({"version": 1, "rules": [rule_json(r, on) for r, on in rows], "packs": packs},
                  sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return status
    out = sys.stdout
    out.write(f"{_pad('代码', 10)}{_pad('启用', 6)}{_pad('级别', 10)}{_pad('修复', 8)}名称 — 说明\n")
    for r, on in rows:
        pack = f"（规则包 {r.pack}）" if r.pack else ""
        out.write(f"{_pad(r.code, 10)}{_pad('✓' if on else '·', 6)}{_pad(r.default_severity, 10)}"
                  f"{_pad(FIX_LABEL[r.fix], 8)}{r.name} — {r.summary}{pack}\n")
    for p in packs:
        state = "已启用" if p["enabled"] else "未启用"
        out.write(f"规则包 {p['name']}：{state}（{p['title']}；{p['rules']} 条规则；{p['source']}）\n")
    if any(not p["enabled"] for p in packs):
        out.write("（规则包只在配置中列出时运行，例如 report-lint.toml 中写 packs = [\"henan\"]）\n")
    return status


def pack_rows(reg: Any, enabled: frozenset[str]) -> list[dict[str, Any]]:
    """One entry per loaded pack (installed, from a plugin, or a file the config names)."""
    seen: dict[str, dict[str, Any]] = {}
    for p in reg.loaded_packs.values():
        if p is not None and p.name not in seen:
            seen[p.name] = {"name": p.name, "title": p.title, "source": p.path,
                            "rules": len(p.rules), "enabled": p.name in enabled}
    return [seen[n] for n in sorted(seen)]


def _report_load_errors(reg: Any) -> int:
    """Print plugins and packs that failed to load; exit code 2 when there are any."""
    for e in reg.errors:
        print(f"report-lint: 插件 {e.plugin}：{e.message}", file=sys.stderr)
    for e in reg.pack_errors:
        print(f"report-lint: 规则包无法使用：{e}", file=sys.stderr)
    return EXIT_ERROR if reg.errors or reg.pack_errors else EXIT_OK


def _pad(text: str, width: int) -> str:
    """Left-align in terminal cells: CJK characters take two."""
    import unicodedata

    cells = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - cells, 1)


def run_rule(args: argparse.Namespace) -> int:
    from ..packs import load_installed

    reg = load_registry()
    load_installed(reg)
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
