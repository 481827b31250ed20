"""Findings and fixes: what a rule reports and how it may be repaired."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from .source import Span

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
Applicability = Literal["safe", "unsafe"]


@dataclass(frozen=True)
class Edit:
    """Replace `Source.text[start:end]` with `replacement` (insert when start == end)."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Fix:
    edits: tuple[Edit, ...]
    applicability: Applicability = "safe"
    message: str = ""

    @classmethod
    def replace(cls, span: Span, text: str, applicability: Applicability = "safe",
                message: str = "") -> Fix:
        return cls((Edit(span.start, span.end, text),), applicability, message)

    @classmethod
    def insert(cls, offset: int, text: str, applicability: Applicability = "safe",
               message: str = "") -> Fix:
        return cls((Edit(offset, offset, text),), applicability, message)


@dataclass
class Finding:
    """One problem at one place. `severity` is filled from the rule and config by the engine."""

    code: str
    message: str
    span: Span | None = None
    fix: Fix | None = None
    severity: Severity | None = None
    name: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    # Filled by the engine from the source:
    path: str = ""
    line: int = 1
    column: int = 1
    end_line: int = 1
    end_column: int = 1

    def to_json(self) -> dict[str, Any]:
        fix = None
        if self.fix is not None:
            fix = {
                "applicability": self.fix.applicability,
                "message": self.fix.message,
                "edits": [{"start": e.start, "end": e.end, "replacement": e.replacement}
                          for e in self.fix.edits],
            }
        out = {
            "path": self.path, "code": self.code, "name": self.name, "severity": self.severity,
            "message": self.message, "line": self.line, "column": self.column,
            "end_line": self.end_line, "end_column": self.end_column, "fix": fix,
        }
        if self.data:
            out["data"] = self.data
        return out
