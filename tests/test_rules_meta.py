"""Rule metadata: every installed rule is well formed and documented."""
from __future__ import annotations

import pytest

from report_lint.host import load_registry
from report_lint.rules import DOC_HEADINGS, Rule, parse_docs, rule

REGISTRY = load_registry()


def test_builtin_plugins_load_without_errors() -> None:
    assert REGISTRY.errors == []
    assert "RL001" in REGISTRY.rules


@pytest.mark.parametrize("code", sorted(REGISTRY.rules))
def test_rule_has_full_docs(code: str) -> None:
    r = REGISTRY.rules[code]
    missing = [h for h in DOC_HEADINGS if not r.docs.get(h)]
    assert not missing, f"{code} lacks doc headings {missing}"
    assert r.summary and r.default_severity in ("error", "warning", "info")
    assert r.fix in ("none", "safe", "unsafe")


def test_names_are_unique() -> None:
    names = [r.name for r in REGISTRY.rules.values()]
    assert len(names) == len(set(names))


def test_bad_metadata_is_rejected() -> None:
    with pytest.raises(ValueError, match="code"):
        Rule("tot1", "x", "x", lambda r, c: [])
    with pytest.raises(ValueError, match="kebab"):
        Rule("TOT999", "Not_Kebab", "x", lambda r, c: [])


def test_docstring_headings_are_parsed() -> None:
    @rule("ZZ001", "demo-rule", "示例")
    def demo(report, ctx):
        """First line.

        ## What it checks
        A thing.

        ## Basis
        第五十条
        """
        return []

    assert demo.docs["summary"] == "First line."
    assert demo.docs["What it checks"] == "A thing."
    assert parse_docs(None) == {}
