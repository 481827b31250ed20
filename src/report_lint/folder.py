"""The folder pass: folder-scope rules run once over the summaries of every file of a run.

A folder rule is a `Rule` with `scope="folder"` whose check takes the list of
`summary.ReportSummary` objects (one per readable file checked in the run, in the run's file
order) instead of one report, and returns findings whose `path` names the file each concerns and
whose `span` is one of that file's summary anchors. Here those findings get what the engine gives
every finding: config filtering (select/ignore, per-file ignores, severities) by the file's own
config, the file's inline suppressions, positions, baseline fingerprints and sorting.
"""
from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING

from . import diagnostics as rl
from .baseline import fingerprint
from .config import Config, is_enabled
from .findings import Finding
from .rules import Rule, RuleContext
from .source import InputError, Source, read_source
from .suppressions import matches

if TYPE_CHECKING:
    from .engine import FileResult, Linter
    from .summary import ReportSummary

TEXT_LIKE = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".shtml", ".xhtml")


def run_folder_rules(linter: Linter, results: list[FileResult]) -> None:
    """Run every folder rule enabled for at least one file; attach findings to their files."""
    by_path = {r.path: r for r in results if r.summary is not None}
    if not by_path:
        return
    summaries = [r.summary for r in by_path.values()]
    for rule, options in _folder_rules(linter, by_path):
        for f in _run(rule, options, summaries, linter):
            target = by_path.get(f.path)
            if target is not None:
                _attach(linter, rule, target, f)
    for r in by_path.values():
        _sort(r)


def _folder_rules(linter: Linter, by_path: dict[str, FileResult]) -> list[tuple[Rule, dict]]:
    """Folder rules active under the config of at least one file, with that config's options."""
    out: dict[str, tuple[Rule, dict]] = {}
    for cfg in {id(c): c for c in map(_config(linter), by_path)}.values():
        for r in linter.active_rules(cfg):
            if r.scope == "folder" and r.code not in out:
                out[r.code] = (r, cfg.options.get(r.code, {}))
    return [out[c] for c in sorted(out)]


def _run(rule: Rule, options: dict, summaries: list[ReportSummary], linter: Linter
         ) -> list[Finding]:
    try:
        return list(rule.check(summaries, RuleContext(rule, options)) or ())
    except Exception as exc:  # a crashing rule never crashes the run
        linter.folder_errors.append(Finding(
            rl.RULE_ERROR, f"规则 {rule.code}（{rule.name}）运行出错：{type(exc).__name__}: {exc}",
            severity="error", name="rule-error", path="<folder>", data={"rule": rule.code}))
        return []


def _config(linter: Linter):
    """path → config, resolved once per folder (a config applies to a folder's files)."""
    by_dir: dict[str, Config] = getattr(linter, "_folder_configs", {})
    linter._folder_configs = by_dir

    def get(path: str) -> Config:
        folder = os.path.dirname(path)
        if folder not in by_dir:
            by_dir[folder] = linter.config_for(Path(path))
        return by_dir[folder]

    return get


def _attach(linter: Linter, rule: Rule, result: FileResult, f: Finding) -> None:
    summary: ReportSummary = result.summary
    cfg = _config(linter)(result.path)
    if not is_enabled(f.code, cfg, Path(result.path), in_pack=rule.pack is not None):
        return
    anchor = summary.anchor_at(f.span) if f.span is not None else None
    if anchor is None:
        anchor = summary.anchor
    if anchor is not None:
        f.line, f.column, f.end_line, f.end_column = (anchor.line, anchor.column,
                                                      anchor.end_line, anchor.end_column)
    if any(first <= f.line <= last and matches(code, f.code)
           for code, first, last in summary.suppressed):
        return
    f.severity = cfg.severity.get(f.code) or f.severity or rule.default_severity
    f.name = f.name or rule.name
    f.path = result.path
    result.findings.append(f)
    result.fingerprints.append(fingerprint(f.code, anchor.snippet if anchor else "", f.message))
    if anchor is not None and linter.keep_lines and anchor.line not in result.lines:
        text = _line_text(result.path, anchor.line)
        if text:
            result.lines[anchor.line] = text


def _line_text(path: str, line: int) -> str:
    """The source line a folder finding points at, for text output (text-like files only: the
    summary keeps no text, and re-reading is cheap for the few files with folder findings)."""
    if Path(path).suffix.lower() not in TEXT_LIKE:
        return ""
    try:
        return _source(path).line_text(line)
    except (InputError, IndexError, OSError):
        return ""


@functools.lru_cache(maxsize=8)
def _source(path: str) -> Source:
    return read_source(path)


def _sort(result: FileResult) -> None:
    order = sorted(range(len(result.findings)),
                   key=lambda i: (result.findings[i].line, result.findings[i].column,
                                  result.findings[i].code))
    result.keep(order)
