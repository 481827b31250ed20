"""Rule metadata and the `rule` decorator every rule plugin uses.

A rule is a check function plus metadata (code, kebab-case name, summary, default severity, fix
availability, templates it applies to, docs). Docs come from the function's docstring, written with
the headings `What it checks`, `Why`, `Example`, `Fix safety`, `Basis`, the way Ruff lays out its
rule docs.
"""
from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Iterable, Literal

from .findings import Finding, Severity

if TYPE_CHECKING:
    from .model import Report

FixAvailability = Literal["none", "safe", "unsafe"]
Scope = Literal["report", "folder"]
DOC_HEADINGS = ("What it checks", "Why", "Example", "Fix safety", "Basis")
CODE_RE = re.compile(r"^[A-Z]{2,5}\d{3}$")
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class RuleContext:
    """What a running rule may use besides the report: its options and a finding factory."""

    rule: Rule
    options: dict[str, Any] = field(default_factory=dict)

    def finding(self, message: str, span=None, *, fix=None, code: str | None = None,
                **data: Any) -> Finding:
        return Finding(code or self.rule.code, message, span, fix, name=self.rule.name, data=data)


CheckFn = Callable[..., Iterable[Finding]]


@dataclass
class Rule:
    code: str
    name: str
    summary: str
    check: CheckFn
    default_severity: Severity = "error"
    fix: FixAvailability = "none"
    templates: tuple[str, ...] | None = None  # None: every template
    scope: Scope = "report"
    docs: dict[str, str] = field(default_factory=dict)
    plugin: str = ""  # filled by the plugin host
    pack: str | None = None  # a province pack's name; such rules run only when the pack is enabled

    def __post_init__(self) -> None:
        if not CODE_RE.match(self.code):
            raise ValueError(f"rule code {self.code!r} must be 2–5 capitals and 3 digits")
        if not NAME_RE.match(self.name):
            raise ValueError(f"rule name {self.name!r} must be kebab-case")

    @property
    def prefix(self) -> str:
        return self.code.rstrip("0123456789")

    def run(self, report: Report, ctx: RuleContext) -> list[Finding]:
        return list(self.check(report, ctx) or ())

    def applies_to(self, template_id: str | None) -> bool:
        return self.templates is None or template_id in self.templates


def parse_docs(doc: str | None) -> dict[str, str]:
    """Split a docstring into its first line and the `## Heading` sections of DOC_HEADINGS."""
    if not doc:
        return {}
    text = inspect.cleandoc(doc)
    out: dict[str, str] = {}
    parts = re.split(r"^##\s+(.+?)\s*$", text, flags=re.M)
    out["summary"] = parts[0].strip()
    for head, body in zip(parts[1::2], parts[2::2]):
        out[head.strip()] = body.strip()
    return out


def rule(code: str, name: str, summary: str, *, severity: Severity = "error",
         fix: FixAvailability = "none", templates: Iterable[str] | None = None,
         scope: Scope = "report", pack: str | None = None) -> Callable[[CheckFn], Rule]:
    """Turn `check(report, ctx) -> Iterable[Finding]` into a `Rule`.

    `pack` puts the rule in a province pack: it then runs only when config `packs` names it.
    """

    def wrap(fn: CheckFn) -> Rule:
        return Rule(code, name, summary, fn, severity, fix,
                    tuple(templates) if templates is not None else None, scope,
                    parse_docs(fn.__doc__), pack=pack)

    return wrap
