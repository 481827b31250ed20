"""What every pack rule kind provides: its own keys, the scopes it accepts, and a compiler that
turns a checked `[[rules]]` entry into a check function plus the text of its docs."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

if TYPE_CHECKING:
    from ..findings import Finding
    from ..model import Report
    from ..rules import RuleContext
    from .schema import Checker, RuleSpec
    from .scopes import Scope

Check = Callable[["Report", "RuleContext"], Iterable["Finding"]]


@dataclass(frozen=True)
class Compiled:
    """A compiled pack rule: the check (without the year gate) and what it checks, in Chinese."""

    check: Check
    what: str


@dataclass(frozen=True)
class Kind:
    name: str
    keys: tuple[str, ...]  # the kind's own keys, besides the shared ones (schema.RULE_KEYS)
    scopes: tuple[str, ...]  # "report", "section", "table"
    compile: Callable[[RuleSpec, Checker, Scope], Compiled]
    summary: str  # one line for the docs' list of kinds


def quote(items: Iterable[str]) -> str:
    return "".join(f"「{s}」" for s in items)
