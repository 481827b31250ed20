"""The fix loop: apply non-overlapping edits, re-load and re-lint, repeat until nothing changes.

Modelled on Ruff's and SQLFluff's loops (linter-anchors.md §1, §2):

- each pass applies the fixes of the current findings whose applicability is allowed (safe;
  unsafe too with `--unsafe-fixes`), skipping a fix whose edits overlap one already taken (it is
  offered again next pass, on the new text);
- the result of a pass is re-loaded and re-linted; a pass whose result no longer parses as well as
  before (fewer sections, tables, bound rows or numbers; more input problems) or has more
  error findings is retried one fix at a time, and the fixes that still make it worse are set
  aside for the rest of the run;
- the loop stops when no fix applies, after `MAX_PASSES`, or when a text seen before comes back
  (fixes undoing each other);
- finally the result is compared with the original once more: a result with more error findings
  or a worse parse is never kept — the original stays and the outcome says why.

The loop works on `Source.text`; writing the result back is `writer`'s job.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable

from . import diagnostics as rl
from .findings import Edit, Finding, Fix
from .writer import edit_problem, encode, newline_style

if TYPE_CHECKING:
    from .engine import FileResult, Linter
    from .source import Source

MAX_PASSES = 10  # SQLFluff's runaway_limit; Ruff uses 100 for far more, far smaller fixes
_INPUT_PROBLEMS = (rl.NO_STRUCTURE, rl.TABLE_UNBOUND, rl.CELLS_AMBIGUOUS)
_CONTEXT = 24  # characters around an edit that identify a rejected fix on a later pass

Lint = Callable[[str], "FileResult"]
# The findings of a result whose fixes may be applied (default: all; the CLI leaves out those the
# baseline holds: a known problem is not silently rewritten).
Eligible = Callable[["FileResult"], list[Finding]]


@dataclass(frozen=True)
class Shape:
    """How much of the report the loader and binder read: a fix may only add to it."""

    sections: int
    tables: frozenset[str]
    rows: int
    numbers: int
    problems: int

    def worse_than(self, other: Shape) -> bool:
        return (self.sections < other.sections or not other.tables <= self.tables
                or self.rows < other.rows or self.numbers < other.numbers
                or self.problems > other.problems)


@dataclass
class FixOutcome:
    """What the loop did to one file."""

    source: Source
    text: str  # the fixed text; the original when nothing was kept
    result: FileResult  # the lint result of `text`
    original: FileResult  # the lint result of the original text
    fixed: int = 0  # findings whose fix was applied
    passes: int = 0
    notes: list[str] = field(default_factory=list)  # why fixes were not (all) applied
    # The fixes each kept pass applied, in the offsets of the text that pass started from.
    applied: list[list[Fix]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return self.text != self.source.text


def fix_file(linter: Linter, path: Path, data: bytes, display: str | None = None,
             unsafe: bool = False, eligible: Eligible | None = None) -> FixOutcome | None:
    """Lint `data` (the bytes of `path`) and fix it; None when the file cannot be read.

    `linter` must keep reports (`Linter(keep_reports=True)`): the loop reads the source and the
    parse of every pass from them.
    """
    name = display or str(path)
    first = linter.check_file(path, data, display=name)
    if first.report is None:
        return None
    source = first.report.source

    def lint(text: str) -> FileResult:
        return linter.check_file(path, encode(source, text, check=False), display=name)

    return fix_text(source, first, lint, unsafe, eligible=eligible)


def fix_text(source: Source, first: FileResult, lint: Lint, unsafe: bool = False,
             max_passes: int = MAX_PASSES, eligible: Eligible | None = None) -> FixOutcome:
    """Run the loop from `first`, the lint result of `source.text`."""
    out = FixOutcome(source, source.text, first, first)
    eligible = eligible or (lambda r: r.findings)
    if any(f.code == rl.NO_STRUCTURE for f in first.findings):
        if _candidates(source, source.text, eligible(first), unsafe, set()):
            out.notes.append("未识别出报告结构，不自动修复")
        return out
    state = _Loop(source, lint, unsafe, out, eligible)
    state.run(max_passes)
    _final_check(out)
    return out


class _Loop:
    def __init__(self, source: Source, lint: Lint, unsafe: bool, out: FixOutcome,
                 eligible: Eligible) -> None:
        self.source, self.unsafe, self.out, self.eligible = source, unsafe, out, eligible
        self._lint = lint
        self._last: tuple[str, FileResult] | None = None
        self.seen = {source.text}
        self.rejected: set[tuple] = set()

    def lint(self, text: str) -> FileResult:
        """Lint `text`, remembering the last result (a one-fix retry repeats a whole pass)."""
        if self._last is None or self._last[0] != text:
            self._last = (text, self._lint(text))
        return self._last[1]

    def run(self, max_passes: int) -> None:
        out = self.out
        for _ in range(max_passes):
            groups = self._groups()
            if not groups:
                return
            out.passes += 1
            kept = self._try(groups)
            if kept is None or (not kept and not self._one_by_one(groups)):
                return
        if self._groups():
            out.notes.append(f"修复经 {max_passes} 轮仍未稳定，停在最后一个有效结果")

    def _groups(self) -> list[list[Finding]]:
        found = _candidates(self.source, self.out.text, self.eligible(self.out.result),
                            self.unsafe, self.rejected)
        return _non_overlapping(found)

    def _try(self, groups: list[list[Finding]]) -> bool | None:
        """Apply every group at once: True when the result was kept, False when it was worse,
        None when it is a text seen before (fixes undoing each other: stop)."""
        text = apply_fixes(self.out.text, [g[0].fix for g in groups], self.source.newline)
        if text in self.seen:
            self.out.notes.append("修复相互抵消（出现此前的文本），已停止")
            return None
        result = self.lint(text)
        if not _acceptable(self.out.result, result):
            return False
        self._accept(text, result, groups)
        return True

    def _one_by_one(self, groups: list[list[Finding]]) -> bool:
        """After a pass made things worse: keep the first fix that does not, set aside those that
        do. True when one was kept (the next pass starts from it)."""
        for g in groups:
            text = apply_fixes(self.out.text, [g[0].fix], self.source.newline)
            if text in self.seen:
                self.rejected.add(_identity(self.out.text, g[0]))
                self.out.notes.append(f"{g[0].code} 的修复（第 {g[0].line} 行）会撤销此前的修复，未应用")
                continue
            result = self.lint(text)
            if _acceptable(self.out.result, result):
                self._accept(text, result, [g])
                return True
            self.rejected.add(_identity(self.out.text, g[0]))
            why = "会使报告无法完整解析" if _worse_parse(self.out.result, result) else "会增加错误级问题"
            self.out.notes.append(f"{g[0].code} 的修复（第 {g[0].line} 行）{why}，未应用")
        return False

    def _accept(self, text: str, result: FileResult, groups: list[list[Finding]]) -> None:
        self.seen.add(text)
        self.out.text, self.out.result = text, result
        self.out.fixed += sum(len(g) for g in groups)
        self.out.applied.append([g[0].fix for g in groups])


def _final_check(out: FixOutcome) -> None:
    """Never keep a result with more errors or a worse parse than the original."""
    if not out.changed:
        return
    before, after = _errors(out.original), _errors(out.result)
    why = None
    if _worse_parse(out.original, out.result):
        why = "修复后报告无法完整解析"
    elif after > before:
        why = f"修复后错误级问题由 {before} 个增至 {after} 个"
    if why:
        out.notes.append(f"{why}，保留原文件")
        out.text, out.result, out.fixed, out.applied = out.source.text, out.original, 0, []


def apply_fixes(text: str, fixes: Iterable[Fix], newline: str = "\n") -> str:
    """`text` with the edits of `fixes` applied. The edits must not overlap (see
    `_non_overlapping`); a replacement's line breaks are written in the `newline` style."""
    edits = sorted((e for fx in fixes for e in fx.edits), key=lambda e: (e.start, e.end))
    parts: list[str] = []
    pos = 0
    for e in edits:
        if e.start < pos:
            raise ValueError(f"overlapping edits at {e.start}")
        parts.append(text[pos:e.start])
        parts.append(newline_style(e.replacement, newline))
        pos = e.end
    parts.append(text[pos:])
    return "".join(parts)


def _candidates(source: Source, text: str, findings: list[Finding], unsafe: bool,
                rejected: set[tuple]) -> list[Finding]:
    """Findings whose fix may be applied now: allowed applicability, edits that change
    something, lie inside the text (inside the page's text for HTML) and can be encoded."""
    view = _view(source, text)
    out = []
    for f in findings:
        fx = f.fix
        if fx is None or not fx.edits or (fx.applicability == "unsafe" and not unsafe):
            continue
        if all(text[e.start:e.end] == e.replacement for e in fx.edits if e.end <= len(text)):
            continue
        if any(edit_problem(view, e) for e in fx.edits) or not _encodable(source, fx):
            continue
        if _identity(text, f) in rejected:
            continue
        out.append(f)
    return out


def _non_overlapping(findings: list[Finding]) -> list[list[Finding]]:
    """Findings grouped by identical fix, in text order, keeping only fixes whose edits overlap
    no fix taken before them (an insertion touching another edit counts as overlapping)."""
    groups: dict[tuple, list[Finding]] = {}
    for f in findings:
        groups.setdefault(_edits_key(f.fix), []).append(f)
    taken: list[Edit] = []
    out = []
    for key in sorted(groups, key=lambda k: (k[0][0], k[0][1], groups[k][0].code)):
        fx = groups[key][0].fix
        if _self_overlapping(fx.edits) or any(_overlaps(a, b) for a in fx.edits for b in taken):
            continue
        taken.extend(fx.edits)
        out.append(groups[key])
    return out


def _overlaps(a: Edit, b: Edit) -> bool:
    if a.start < b.end and b.start < a.end:
        return True
    insertion = a.start == a.end or b.start == b.end
    return insertion and a.start <= b.end and b.start <= a.end


def _self_overlapping(edits: tuple[Edit, ...]) -> bool:
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    return any(_overlaps(x, y) for x, y in zip(ordered, ordered[1:]))


def _edits_key(fx: Fix | None) -> tuple:
    assert fx is not None
    return tuple(sorted((e.start, e.end, e.replacement) for e in fx.edits))


def _identity(text: str, f: Finding) -> tuple:
    """A fix identified by its code and what it changes with some context, so that it is
    recognised again after other edits moved it."""
    assert f.fix is not None
    return (f.code,) + tuple((text[max(0, e.start - _CONTEXT):e.start], text[e.start:e.end],
                              e.replacement, text[e.end:e.end + _CONTEXT]) for e in f.fix.edits)


def _encodable(source: Source, fx: Fix) -> bool:
    try:
        for e in fx.edits:
            encode(source, e.replacement)
    except Exception:
        return False
    return True


def _view(source: Source, text: str) -> Source:
    """`source` with `text` (for checking edits against the current pass's text)."""
    if text is source.text:
        return source
    from dataclasses import replace

    return replace(source, text=text, _line_starts=[])


def shape(result: FileResult) -> Shape | None:
    """What the loader and binder read from a result's report (None: nothing could be read)."""
    report = result.report
    if result.error is not None or report is None:
        return None
    rows = numbers = 0
    for t in report.tables.values():
        rows += len(t.rows)
        numbers += sum(1 for r in t.rows.values() for c in r.cells
                       if c is not None and c.kind == "number")
    problems = sum(1 for f in result.findings if f.code in _INPUT_PROBLEMS)
    return Shape(len(report.document.sections), frozenset(report.tables), rows, numbers, problems)


def _worse_parse(before: FileResult, after: FileResult) -> bool:
    new, old = shape(after), shape(before)
    return new is None or (old is not None and new.worse_than(old))


def _errors(result: FileResult) -> int:
    return sum(1 for f in result.findings if f.severity == "error")


def _acceptable(before: FileResult, after: FileResult) -> bool:
    return not _worse_parse(before, after) and _errors(after) <= _errors(before)
