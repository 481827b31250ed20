"""A pack checks its own rules when it loads: every `pass` fragment must give no finding and every
`fail` fragment at least one (textlint-prh's `specs`). A broken rule then fails loudly, at the
pack's file and line, instead of silently passing every report.

Fragments are short report texts (headings included when the rule is scoped to a section). They
test the check itself: the rule's `templates` and year limits are not applied to them; facts a
fragment cannot state (publication date, issuer, level, year) come from the examples' `facts`.
"""
from __future__ import annotations

from ..rules import Rule, RuleContext
from .base import Check
from .schema import Example, PackError, RuleSpec


def self_check(spec: RuleSpec, rule: Rule, check: Check, path: str) -> None:
    """Run the rule's examples; raise `PackError` for the first one that does not behave."""
    for ex in spec.examples:
        found = _run(check, rule, ex, spec.code, path)
        if bool(found) != ex.fails:
            raise PackError(path, ex.line, _explain(spec.code, ex, found))


def _run(check: Check, rule: Rule, ex: Example, code: str, path: str) -> list:
    from ..loaders import load_document
    from ..report import build_report

    try:
        report = build_report(load_document("example.txt", ex.text.encode("utf-8")), dict(ex.facts))
        return list(check(report, RuleContext(rule)) or ())
    except Exception as exc:  # a rule that crashes on its own example is a broken pack
        raise PackError(path, ex.line, f"规则 {code} 在示例 {ex.label} 上运行出错："
                                       f"{type(exc).__name__}: {exc}") from None


def _explain(code: str, ex: Example, found: list) -> str:
    if not ex.fails:
        return f"规则 {code} 的示例 {ex.label} 本应没有问题，却报告了：{found[0].message}"
    return f"规则 {code} 的示例 {ex.label} 本应报告问题，却没有报告"
