"""First-party province packs (`rules/packs/*.toml`) and RL016, the rule for a broken pack.

The packs ship like a third party's would, through `report_lint_get_packs`; installing report-lint
enables none of them: a config names them (`packs = ["henan"]`).
"""
from __future__ import annotations

from typing import Any, Iterator

from report_lint import diagnostics as rl
from report_lint.findings import Finding
from report_lint.hookspecs import hookimpl
from report_lint.model import Report
from report_lint.rules import Rule, RuleContext, rule


@rule(rl.PACK_ERROR, "invalid-rule-pack", "配置启用的规则包无法使用", severity="error")
def invalid_pack(report: Report, ctx: RuleContext) -> Iterator[Finding]:
    """A rule pack named in config `packs` cannot be loaded.

    ## What it checks
    Emitted once per broken pack, at the pack file and line: a TOML syntax error, an unknown or
    missing key, an unknown rule kind, a relation naming a row or column the template does not
    have, an invalid regular expression, or a rule whose own `examples` do not behave (a `pass`
    fragment that is reported, a `fail` fragment that is not). The other packs and rules still run,
    and the run exits with code 2.

    ## Why
    A pack that silently fails to load would let every report pass its rules; a rule that fails
    its own examples would report the wrong things on every report.

    ## Example
    `mine.toml:7: 规则包无法使用：规则 MY001：未知的 kind 'require-phrases'`.

    ## Fix safety
    No fix: correct the pack.

    ## Basis
    —
    """
    return iter(())


@hookimpl
def report_lint_get_rules() -> list[Rule]:
    return [invalid_pack]


@hookimpl
def report_lint_get_packs() -> list[Any]:
    from importlib import resources

    folder = resources.files("report_lint_rules").joinpath("packs")
    return sorted((f for f in folder.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
