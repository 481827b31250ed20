"""The fix step of `report-lint check`: `--fix`, `--unsafe-fixes`, `--diff`.

After the normal run, every file whose findings carry an applicable fix goes through the fix loop
(`report_lint.fixer`); its result replaces the file's result. `--fix` writes the fixed text back
atomically (`report_lint.writer`) or, for `-`, prints it on stdout; `--diff` prints a unified diff
and writes nothing. Why a file was not (fully) fixed is said on stderr.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TextIO

from ..engine import FileResult, Linter
from ..findings import Finding

if TYPE_CHECKING:
    from ..fixer import Eligible


@dataclass
class FixRun:
    """What the fix step did over the whole run."""

    files_changed: int = 0
    fixed: int = 0
    diffs: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stdout_text: str | None = None  # `--fix -`: the (fixed) text of stdin


class FixStep:
    """The fix step as `collect` calls it, and what `run_check` prints afterwards.

    `check_config(linter)` returns config errors: they stop the run before anything is written.
    """

    def __init__(self, linter: Linter, args: argparse.Namespace,
                 check_config: Callable[[Linter], list[str]]) -> None:
        self.linter, self.args, self.check_config = linter, args, check_config
        self.run = FixRun()
        self.stdin_fixed = False

    def __call__(self, results: list[FileResult], stdin: tuple[FileResult, bytes] | None) -> None:
        from ..cli import UsageError

        errors = self.check_config(self.linter)
        if errors:
            raise UsageError("\n".join(errors))
        self.stdin_fixed = stdin is not None and not self.args.diff
        self.run = run_fixes(self.linter, self.args, results, stdin)

    @property
    def report_stream(self) -> TextIO | None:
        """Where the findings go instead of stdout: stderr when stdout carries fixed text."""
        return sys.stderr if self.stdin_fixed and self.args.output_file is None else None

    def finish(self) -> None:
        """After the findings: why files were not (fully) fixed, on stderr; for `--fix -` the
        fixed text of stdin on stdout (unchanged when nothing was fixed)."""
        report_notes(self.run)
        if self.stdin_fixed and self.run.stdout_text is not None:
            sys.stdout.write(self.run.stdout_text)
            sys.stdout.flush()

    def finish_diff(self, results: list[FileResult], failed: bool) -> int:
        """`--diff`: print the diffs and a summary; exit 1 when a file would change (as Ruff
        does), 0 when none would, 2 when a file could not be read or plugins failed."""
        from ..cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK

        report_notes(self.run)
        sys.stdout.write("".join(self.run.diffs))
        run = self.run
        if run.files_changed:
            print(f"report-lint: 可修复 {run.fixed} 个问题（{run.files_changed} 个文件），"
                  "未写入任何文件；用 --fix 应用", file=sys.stderr)
        else:
            print("report-lint: 没有可应用的修复", file=sys.stderr)
        if failed or any(r.error for r in results):
            return EXIT_ERROR
        return EXIT_FINDINGS if run.files_changed and not self.args.exit_zero else EXIT_OK


def run_fixes(linter: Linter, args: argparse.Namespace, results: list[FileResult],
              stdin: tuple[FileResult, bytes] | None) -> FixRun:
    """Fix the files of `results` in place (replacing their results); see the module doc."""
    run = FixRun()
    unsafe = bool(args.unsafe_fixes)
    fix_linter = Linter(linter.registry, linter.resolver, linter.overrides, keep_reports=True,
                        keep_lines=linter.keep_lines, baseline=linter.baseline)
    # Same results as the run's linter: with the folder pass the baseline is applied afterwards
    # (`Linter.run_folder_rules`), so the findings it holds are left out of fixing here.
    fix_linter.folder_pass = linter.folder_pass
    eligible = _not_baselined(linter) if linter.folder_pass else None
    for i, r in enumerate(results):
        from_stdin = stdin is not None and r is stdin[0]
        if r.error is not None or not _has_applicable(r, unsafe):
            if from_stdin and not args.diff:
                run.stdout_text = _decoded(stdin[1])
            continue
        data = stdin[1] if from_stdin else None
        results[i] = _fix_one(fix_linter, args, r, data, from_stdin, run, eligible)
    return run


def _fix_one(linter: Linter, args: argparse.Namespace, r: FileResult, data: bytes | None,
             stdin: bool, run: FixRun, eligible: Eligible | None) -> FileResult:
    from ..fixer import fix_file
    from ..writer import WriteError, encode, not_writable, write_atomic

    path = Path(r.path)
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            run.notes.append(f"{r.path}: 无法读取，未修复：{exc.strerror or exc}")
            return r
    out = fix_file(linter, path, data, display=r.path, unsafe=bool(args.unsafe_fixes),
                   eligible=eligible)
    if out is None:
        return r
    why = not_writable(out.source)
    if why is not None:  # (for `-`, nothing is printed: the text is not the file's bytes)
        run.notes.append(f"{r.path}: {why}")
        return _finish(out.original, 0)
    run.notes += [f"{r.path}: {n}" for n in out.notes]
    if stdin and not args.diff:
        run.stdout_text = out.text
    if not out.changed:
        return _finish(out.original, 0)
    if args.diff:
        run.diffs.append(unified_diff(out.source.text, out.text, r.path))
    elif not stdin:
        try:
            write_atomic(path, encode(out.source, out.text), expected=data)
        except WriteError as exc:
            run.notes.append(f"{r.path}: {exc}")
            return _finish(out.original, 0)
    run.files_changed += 1
    run.fixed += out.fixed
    # With --diff nothing was written: the findings shown are still the original's.
    return _finish(out.original if args.diff else out.result, 0 if args.diff else out.fixed)


def _finish(result: FileResult, fixed: int) -> FileResult:
    result.report = None  # the fix loop kept it; the reporters do not need it
    result.fixed = fixed
    return result


def _not_baselined(linter: Linter) -> Eligible | None:
    baseline = linter.baseline
    if baseline is None:
        return None

    def eligible(r: FileResult) -> list[Finding]:
        new, _ = baseline.split(r.path, r.findings, r.fingerprints)
        return [r.findings[i] for i in new]

    return eligible


def _has_applicable(r: FileResult, unsafe: bool) -> bool:
    return any(f.fix is not None and (unsafe or f.fix.applicability == "safe")
               for f in r.findings)


def _decoded(data: bytes) -> str:
    """stdin's text as read (printed unchanged by `--fix -` when there is nothing to fix)."""
    from ..source import InputError, decode

    try:
        return decode(data)[0]
    except InputError:
        return data.decode("utf-8", errors="replace")


def unified_diff(before: str, after: str, name: str) -> str:
    """A unified diff of one file (`a/name`, `b/name`), marking a last line without newline."""
    import difflib

    a = before.splitlines(keepends=True)
    b = after.splitlines(keepends=True)
    lines = []
    for line in difflib.unified_diff(a, b, f"a/{name}", f"b/{name}"):
        if line.endswith("\n"):
            lines.append(line)
        else:
            lines.append(line + "\n\\ No newline at end of file\n")
    return "".join(lines)


def report_notes(run: FixRun, stream: TextIO | None = None) -> None:
    stream = stream or sys.stderr
    for note in run.notes:
        print(f"report-lint: {note}", file=stream)
