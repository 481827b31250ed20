"""The closed set of pack rule kinds, and compiling one checked `[[rules]]` entry with its kind.

| kind | scope | own keys |
|---|---|---|
| require-phrase | report, section, table | any (one of them) and/or all (every one) |
| forbid-phrase | report, section, table | any |
| pattern | report, section, table | pattern, mode (forbid / require), ignore_case, label |
| max-chars | report, section | max |
| relation | table | expr, for_each (column / row / cell), rows, columns, integer |
| deadline | report | deadlines (level → "MM-DD") |
| required-row | table | row, filled |

A Python plugin covers anything else (see docs/plugins.md).
"""
from __future__ import annotations

from .base import Compiled, Kind
from .deadline import DEADLINE_KIND
from .schema import RULE_KEYS, Checker, RuleSpec
from .scopes import Scope
from .table_kinds import TABLE_KINDS
from .text_kinds import TEXT_KINDS

KINDS: dict[str, Kind] = {k.name: k for k in (*TEXT_KINDS, *TABLE_KINDS, DEADLINE_KIND)}
_SCOPE_WORDS = {"report": "全文（不写 section/table）", "section": "section = 章节序号",
                "table": "table = 统计表"}


def compile_rule(spec: RuleSpec, c: Checker) -> Compiled:
    """Check the kind's own keys and compile the rule; raises `PackError` at the right line."""
    kind = KINDS.get(spec.kind)
    if kind is None:
        raise c.error(f"未知的 kind {spec.kind!r}（可用：{', '.join(KINDS)}）", "kind")
    c.keys((*RULE_KEYS, *kind.keys))
    scope = Scope(spec.section, spec.table)
    if scope.kind not in kind.scopes:
        allowed = "、".join(_SCOPE_WORDS[s] for s in kind.scopes)
        raise c.error(f"{kind.name} 的范围只能是 {allowed}", "section" if spec.section else "table")
    return kind.compile(spec, c, scope)
