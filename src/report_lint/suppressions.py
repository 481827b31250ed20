"""Inline suppressions: `<!-- report-lint: disable=CODE[,CODE] reason -->` and friends.

Three directives, written as HTML comments in every format (text, Markdown, HTML source):

- `disable=CODES reason` — from this line until `enable=` of the same code, or the end of the file;
  a `disable` above the first section heading reaches back to line 1 (file-level findings sit
  there), so one at the top of a report covers the whole file;
- `enable=CODES` — ends the ranges opened for those codes (`ALL` ends every open range);
- `disable-next-line=CODES reason` — the next non-blank line only.

CODES are rule codes, prefixes (`TOT3`) or `ALL`. A reason is required. The directives police
themselves: unused (RL011), unknown code (RL012), no reason (RL013), malformed (RL015).
Directives are matched by start line, the coordinate every finding has.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from .findings import Finding, Fix
from .source import Source, Span

UNUSED = "RL011"
UNKNOWN_CODE = "RL012"
NO_REASON = "RL013"
INVALID = "RL015"
HYGIENE_CODES = (UNUSED, UNKNOWN_CODE, NO_REASON, INVALID)

MARKER = "report-lint"
_COMMENT = r"<!--\s*report-lint\b(?P<body>.*?)-->"
_CODE = r"(?:ALL|[A-Z]{2,5}\d{0,3})(?![0-9])"
_BODY = (r"^\s*:\s*(?P<action>disable-next-line|disable|enable)\s*=\s*"
         rf"(?P<codes>{_CODE}(?:\s*,\s*{_CODE})*)(?P<reason>.*)$")
_REASON_LEAD = " \t\r\n-—–:：;；,，"


@dataclass
class Directive:
    """One parsed comment."""

    action: str
    codes: tuple[str, ...]
    reason: str
    span: Span  # the whole comment
    line: int  # where the comment starts
    end_line: int  # where it ends
    used: set[str] = field(default_factory=set)


@dataclass
class Range:
    """Lines [first, last] in which `code` (a code, prefix or ALL) is suppressed."""

    code: str
    first: int
    last: int
    directive: Directive

    def covers(self, f: Finding) -> bool:
        return self.first <= f.line <= self.last and matches(self.code, f.code)


@dataclass
class Parsed:
    directives: list[Directive] = field(default_factory=list)
    ranges: list[Range] = field(default_factory=list)
    invalid: list[tuple[Span, str]] = field(default_factory=list)  # (span, comment text)
    orphans: list[tuple[Directive, str]] = field(default_factory=list)  # enable closing nothing


def matches(pattern: str, code: str) -> bool:
    return pattern == "ALL" or code.startswith(pattern)


def parse(source: Source, top_line: int | None = None) -> Parsed:
    """Find the directives in `source.text` and turn them into line ranges.

    `top_line` is the line of the first section heading: a `disable` above it is file-level.
    None means the document has no sections, so every `disable` counts as file-level.
    """
    out = Parsed()
    text = source.text
    if MARKER not in text:  # the common case costs one substring search
        return out
    comment_re, body_re = _patterns()
    for m in comment_re.finditer(text):
        span = Span(m.start(), m.end())
        body = body_re.match(m.group("body"))
        if body is None:
            out.invalid.append((span, m.group(0)))
            continue
        codes = tuple(dict.fromkeys(c.strip().upper() for c in body.group("codes").split(",")))
        out.directives.append(Directive(
            body.group("action").lower(), codes, body.group("reason").strip(_REASON_LEAD),
            span, source.line_col(span.start)[0], source.line_col(span.end)[0]))
    _build_ranges(out, source, top_line)
    return out


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Compiled on first use: most reports hold no directive, and start-up time counts."""
    return re.compile(_COMMENT, re.S), re.compile(_BODY, re.S | re.I)


def _build_ranges(out: Parsed, source: Source, top_line: int | None) -> None:
    last_line = source.line_col(len(source.text))[0]
    open_: dict[str, Range] = {}
    for d in out.directives:
        if d.action == "disable-next-line":
            target = _next_content_line(source, d.end_line)
            out.ranges += [Range(c, target, target, d) for c in d.codes]
        elif d.action == "disable":
            first = 1 if top_line is None or d.line < top_line else d.line
            for c in d.codes:
                if c not in open_:  # a second disable of an open code is a no-op (reported unused)
                    open_[c] = Range(c, first, last_line, d)
                    out.ranges.append(open_[c])
        else:
            _close(out, open_, d)


def _close(out: Parsed, open_: dict[str, Range], d: Directive) -> None:
    for c in d.codes:
        closing = list(open_) if c == "ALL" else [c] if c in open_ else []
        if not closing:
            out.orphans.append((d, c))
        for k in closing:
            open_.pop(k).last = d.line


def _next_content_line(source: Source, line: int) -> int:
    """The first non-blank line after `line` (the line itself when nothing follows)."""
    starts = source._starts()
    for n in range(line + 1, len(starts) + 1):
        if source.line_text(n).strip():
            return n
    return line


def apply(findings: list[Finding], parsed: Parsed) -> list[Finding]:
    """Drop the findings some range covers, marking which directive codes were used."""
    if not parsed.ranges:
        return findings
    kept = []
    for f in findings:
        hits = [r for r in parsed.ranges if r.covers(f)]
        for r in hits:
            r.directive.used.add(r.code)
        if not hits:
            kept.append(f)
    return kept


def hygiene(parsed: Parsed, source: Source, known: Iterable[str],
            enabled: Callable[[str], bool]) -> list[Finding]:
    """Findings about the directives themselves (before config filtering and positions).

    `enabled(code)` tells whether any rule matching a code (or prefix) ran on this file: a
    suppression of a rule that did not run is not reported as unused.
    """
    known = list(known)
    out: list[Finding] = []
    for span, comment in parsed.invalid:
        out.append(Finding(INVALID, f"无法识别的 report-lint 指令：{_clip(comment)}（应为 "
                           "<!-- report-lint: disable=代码 理由 -->、enable=代码 或 disable-next-line=代码 理由）",
                           span, severity="error", name="invalid-suppression"))
    for d in parsed.directives:
        out += _check_directive(d, source, known, enabled)
    for d, code in parsed.orphans:
        out.append(Finding(UNUSED, f"enable={code} 之前没有对应的 disable={code}", d.span,
                           severity="warning", name="unused-suppression"))
    return out


def _check_directive(d: Directive, source: Source, known: list[str],
                     enabled: Callable[[str], bool]) -> list[Finding]:
    out = []
    unknown = [c for c in d.codes if c != "ALL" and not any(k.startswith(c) for k in known)]
    for c in unknown:
        out.append(Finding(UNKNOWN_CODE, f"抑制指令中的规则代码 {c} 不存在（report-lint rules 列出全部规则）",
                           d.span, severity="error", name="unknown-code-in-suppression"))
    if d.action != "enable" and not d.reason:
        out.append(Finding(NO_REASON, f"抑制指令 {d.action}={','.join(d.codes)} 缺少理由：请在代码后写明为何不按此规则处理",
                           d.span, severity="error", name="suppression-without-reason"))
    if d.action == "enable":
        return out
    unused = [c for c in d.codes if c not in d.used and c not in unknown and enabled(c)]
    if unused:
        out.append(Finding(UNUSED, f"抑制指令 {d.action}={','.join(unused)} 没有抑制任何问题，可以删除",
                           d.span, _unused_fix(d, unused, source), severity="warning",
                           name="unused-suppression"))
    return out


def _unused_fix(d: Directive, unused: list[str], source: Source) -> Fix:
    """Remove the comment (and its line when it stands alone), or only the unused codes."""
    text = source.text
    if len(unused) < len(d.codes):
        keep = ",".join(c for c in d.codes if c not in unused)
        reason = f" {d.reason}" if d.reason else ""
        new = f"<!-- report-lint: {d.action}={keep}{reason} -->"
        return Fix.replace(d.span, new, "safe", "删除未使用的规则代码")
    start, end = d.span.start, d.span.end
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end + 1
    if not text[line_start:start].strip() and not text[end:line_end].strip():
        start, end = line_start, line_end
    return Fix.replace(Span(start, end), "", "safe", "删除未使用的抑制指令")


def _clip(s: str, limit: int = 60) -> str:
    s = " ".join(s.split())
    return s if len(s) <= limit else s[: limit - 1] + "…"
