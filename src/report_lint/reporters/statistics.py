"""`--statistics`: how many findings each rule produced, most frequent first (Ruff's layout).

Text: `count  code  name  [*]` (`[*]` when some of them have a safe fix), then the summary line;
with `--format json`, a versioned object `{"version": 1, "statistics": [...]}`.
"""
from __future__ import annotations

import json
from collections import Counter
from typing import Any, TextIO

from ..findings import Finding


def rows(results: list[Any], extra: list[Finding] = ()) -> list[dict[str, Any]]:
    findings = [*extra, *(f for r in results for f in r.findings)]
    counts = Counter(f.code for f in findings)
    first = {}
    fixable = Counter()
    for f in findings:
        first.setdefault(f.code, f)
        fixable[f.code] += f.fix is not None and f.fix.applicability == "safe"
    return [{"code": code, "name": first[code].name, "severity": first[code].severity,
             "count": n, "fixable": fixable[code]}
            for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def write(results: list[Any], out: TextIO, extra: list[Finding] = (), format: str = "text",
          **_: Any) -> None:
    table = rows(results, list(extra))
    if format == "json":
        out.write(json.dumps({"version": 1, "statistics": table}, ensure_ascii=False, indent=2) + "\n")
        return
    width = max((len(str(r["count"])) for r in table), default=1)
    for r in table:
        mark = " [*]" if r["fixable"] else ""
        out.write(f"{r['count']:>{width}}  {r['code']:<7} {r['name']}{mark}\n")
    total = sum(r["count"] for r in table)
    out.write(f"共 {total} 个问题，{len(table)} 条规则，{len(results)} 个文件。\n")
