"""The lint run: file → Document → Report → rules → findings filtered and ranked by config,
then inline suppressions, then (optionally) the baseline.

The engine knows no rule: it runs whatever the plugin registry holds. A result cache, when given,
short-cuts everything up to the baseline (which stays outside the cache, so editing the baseline
never invalidates it).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator

from . import diagnostics as rl
from . import suppressions
from .baseline import STALE, Baseline, fingerprint
from .config import Config, ConfigResolver, DEFAULT_EXCLUDE, is_enabled
from .findings import Finding
from .host import Registry, load_registry
from .model import Report
from .rules import Rule, RuleContext
from .source import MAX_INPUT_BYTES, InputError, Source, Span

if TYPE_CHECKING:
    from .cache import ResultCache

REPORT_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".html", ".htm", ".shtml", ".docx", ".pdf")


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    template: str | None = None
    year: int | None = None
    error: str | None = None  # the file could not be read as a report (exit code 2)
    report: Report | None = None
    lines: dict[int, str] = field(default_factory=dict)  # source lines findings point at
    # Baseline fingerprint of each finding, aligned with `findings` (see baseline.fingerprint).
    fingerprints: list[str] = field(default_factory=list)
    baselined: int = 0  # findings hidden because the baseline holds them
    fixed: int = 0  # findings fixed by --fix (see report_lint.fixer)
    summary: Any = None  # a summary.ReportSummary for folder-scope rules (when they run)

    def keep(self, indexes: list[int]) -> None:
        """Keep only the findings at `indexes`, with their fingerprints."""
        self.findings = [self.findings[i] for i in indexes]
        self.fingerprints = [self.fingerprints[i] for i in indexes]


@dataclass
class Overrides:
    """Command-line select/ignore, applied on top of each file's config."""

    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)

    def apply(self, cfg: Config) -> Config:
        if self.select is None and not self.ignore and not self.extend_select:
            return cfg
        from dataclasses import replace

        return replace(cfg, select=self.select if self.select is not None else cfg.select,
                       extend_select=cfg.extend_select + self.extend_select,
                       ignore=cfg.ignore + self.ignore)


class Linter:
    def __init__(self, registry: Registry | None = None, resolver: ConfigResolver | None = None,
                 overrides: Overrides | None = None, keep_reports: bool = False,
                 keep_lines: bool = False, cache: ResultCache | None = None,
                 baseline: Baseline | None = None) -> None:
        self.registry = registry or load_registry()
        self.resolver = resolver or ConfigResolver()
        self.overrides = overrides or Overrides()
        self.keep_reports = keep_reports
        self.keep_lines = keep_lines or cache is not None  # a cached result serves every format
        self.cache = cache if not keep_reports else None
        self.baseline = baseline
        self._active: dict[int, list[Rule]] = {}
        # base config id → (base, base with overrides): holding `base` keeps its id unique, and one
        # applied object per base lets `_active` and the cache key memoise by id safely.
        self._applied: dict[int, tuple[Config, Config]] = {}
        # Set by `check`: build per-file summaries, run folder-scope rules once every file is
        # checked (`run_folder_rules`), and apply the baseline only after that.
        self.folder_pass = False
        self.folder_errors: list[Finding] = []

    # -- files -----------------------------------------------------------------------------
    def iter_files(self, paths: Iterable[str]) -> Iterator[Path]:
        """Files named on the command line are always checked; folders recurse over report
        suffixes, skipping config `exclude` patterns and VCS/venv folders."""
        for p in paths:
            path = Path(p)
            if not path.is_dir():
                yield path
                continue
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in DEFAULT_EXCLUDE
                                 and not self.config_for(Path(root) / d).is_excluded(Path(root) / d))
                for name in sorted(files):
                    f = Path(root) / name
                    if f.suffix.lower() in REPORT_SUFFIXES and not self.config_for(f).is_excluded(f):
                        yield f

    def config_for(self, path: Path) -> Config:
        base = self.resolver.for_path(path)
        if id(base) not in self._applied:
            self._applied[id(base)] = (base, self.overrides.apply(base))
            self.enabled_packs(base)  # load the packs it names now: their codes are config keys
        return self._applied[id(base)][1]

    def enabled_packs(self, cfg: Config) -> frozenset[str]:
        """Names of the packs `cfg` enables, each loaded on first use (see report_lint.packs)."""
        if not cfg.packs:
            return frozenset()
        from .packs import enabled_packs

        return enabled_packs(cfg, self.registry)

    # -- one file --------------------------------------------------------------------------
    def check_file(self, path: Path, data: bytes | None = None, display: str | None = None) -> FileResult:
        cfg = self.config_for(path)
        name = display or str(path)
        result, key = None, None
        if self.cache is not None:
            data = data if data is not None else _read_for_cache(path)
            if data is not None:
                key = self.cache.key(path, data, cfg, name)
                result = self.cache.get(key)
                if result is not None and result.summary is None and self._wants_summary(cfg):
                    result = None
        if result is None:
            result = self._lint(path, data, name, cfg)
            if key is not None and _cacheable(result):
                self.cache.put(key, result)
        if self.baseline is not None and not self.folder_pass:
            self.apply_baseline(result)
        return result

    def _wants_summary(self, cfg: Config) -> bool:
        return self.folder_pass and any(r.scope == "folder" for r in self.active_rules(cfg))

    def run_folder_rules(self, results: list[FileResult]) -> None:
        """Run the folder-scope rules over every checked file's summary, attach their findings
        to the files they concern, then apply the baseline (deferred while `folder_pass`)."""
        from .folder import run_folder_rules

        run_folder_rules(self, results)
        if self.baseline is not None:
            for r in results:
                self.apply_baseline(r)

    def _lint(self, path: Path, data: bytes | None, name: str, cfg: Config) -> FileResult:
        from .loaders import load_document
        from .report import build_report

        try:
            doc = load_document(str(path), data)
        except InputError as exc:
            f = Finding(rl.UNREADABLE, f"无法读取：{exc}", severity="error", name="unreadable-file",
                        path=name)
            return FileResult(name, [f], error=str(exc), fingerprints=[""])
        report = build_report(doc, cfg.facts_for(path))
        findings = self._run_rules(report, cfg, path)
        self._finish(findings, cfg, path, doc.source, name)
        findings = self._suppress(findings, report, cfg, path, name)
        src = doc.source
        result = FileResult(name, findings, report.template.id, report.year,
                            report=report if self.keep_reports else None,
                            fingerprints=[fingerprint(f.code, _snippet(f, src), f.message)
                                          for f in findings])
        if self.keep_lines:
            result.lines = {f.line: src.line_text(f.line) for f in findings if f.span}
        if self._wants_summary(cfg):
            from .summary import summarize_report

            result.summary = summarize_report(report, name)
        return result

    def _suppress(self, findings: list[Finding], report: Report, cfg: Config, path: Path,
                  name: str) -> list[Finding]:
        """Apply inline directives, then add the findings about the directives themselves."""
        heads = [s.heading_span.start for s in report.document.sections]
        src = report.source
        parsed = suppressions.parse(src, src.line_col(min(heads))[0] if heads else None)
        if not parsed.directives and not parsed.invalid:
            return findings
        kept = suppressions.apply(findings, parsed)
        ran = [r.code for r in self.active_rules(cfg) if r.applies_to(report.template.id)
               and r.scope == "report" and is_enabled(r.code, cfg, path, in_pack=r.pack is not None)]
        extra = suppressions.hygiene(parsed, src, self.registry.rules,
                                     lambda c: any(suppressions.matches(c, r) for r in ran))
        self._finish(extra, cfg, path, src, name)
        kept += extra
        kept.sort(key=lambda f: (f.line, f.column, f.code))
        return kept

    def apply_baseline(self, result: FileResult) -> None:
        """Hide the findings the baseline holds; add RL014 for its stale entries of this file."""
        assert self.baseline is not None
        new, stale = self.baseline.split(result.path, result.findings, result.fingerprints)
        result.baselined += len(result.findings) - len(new)
        result.keep(new)
        cfg = self.config_for(Path(result.path))
        if stale and is_enabled(STALE, cfg, Path(result.path)):
            for f in stale:
                f.severity = cfg.severity.get(STALE) or f.severity
            result.findings += stale
            result.fingerprints += [""] * len(stale)

    def _run_rules(self, report: Report, cfg: Config, path: Path) -> list[Finding]:
        out: list[Finding] = []
        for r in self.active_rules(cfg):
            if r.scope != "report" or not r.applies_to(report.template.id):
                continue
            ctx = RuleContext(r, cfg.options.get(r.code, {}))
            try:
                found = r.run(report, ctx)
            except Exception as exc:  # a crashing rule never crashes the run
                found = [Finding(rl.RULE_ERROR, f"规则 {r.code}（{r.name}）运行出错：{type(exc).__name__}: {exc}",
                                 name="rule-error", data={"rule": r.code})]
            out.extend(found)
        return out

    def active_rules(self, cfg: Config) -> list[Rule]:
        """Rules that may run under `cfg` (before per-file ignores), cached per config."""
        key = id(cfg)
        if key not in self._active:
            packs = self.enabled_packs(cfg)
            self._active[key] = [
                r for r in self.registry.rules.values()
                if (r.pack is None or r.pack in packs)
                and is_enabled(r.code, cfg, in_pack=r.pack is not None)
            ]
        return self._active[key]

    def _finish(self, findings: list[Finding], cfg: Config, path: Path, source: Source,
                name: str) -> None:
        """Apply per-file ignores and severities, fill positions, sort."""
        kept = []
        for f in findings:
            rule = self.registry.rules.get(f.code)
            in_pack = rule is not None and rule.pack is not None
            if f.code != rl.RULE_ERROR and not is_enabled(f.code, cfg, path, in_pack=in_pack):
                continue
            f.severity = cfg.severity.get(f.code) or f.severity or (
                rule.default_severity if rule else "error")
            f.name = f.name or (rule.name if rule else "")
            f.path = name
            _position(f, source)
            kept.append(f)
        kept.sort(key=lambda f: (f.line, f.column, f.code))
        findings[:] = kept

    # -- many files ------------------------------------------------------------------------
    def check_paths(self, paths: Iterable[str], jobs: int = 1) -> Iterator[FileResult]:
        """Check every file under `paths` (see `check_files`)."""
        return self.check_files(list(self.iter_files(paths)), jobs)

    def check_files(self, files: list[Path], jobs: int = 1) -> Iterator[FileResult]:
        """Check `files`; with `jobs` > 1 and enough files, in worker processes (results keep the
        order of the files, so output does not depend on the job count)."""
        if jobs <= 1 or len(files) < PARALLEL_MIN_FILES or self.keep_reports:
            for f in files:
                yield self.check_file(f)
            return
        import multiprocessing as mp

        for folder in dict.fromkeys(f.parent for f in files):  # load the packs configs name
            self.config_for(folder / "_")                       # once, before forking
        ctx = mp.get_context("fork") if hasattr(os, "fork") else mp.get_context()
        with ctx.Pool(jobs, initializer=_init_worker, initargs=(self,)) as pool:
            yield from pool.imap(_check_in_worker, files, chunksize=32)

    def plugin_findings(self) -> list[Finding]:
        return [Finding(rl.PLUGIN_ERROR, f"插件 {e.plugin}：{e.message}", severity="error",
                        name="plugin-error", path="<plugins>") for e in self.registry.errors
                ] + self.folder_errors + self._pack_findings()

    def _pack_findings(self) -> list[Finding]:
        """RL016 for each pack a config named that could not be loaded (file and line)."""
        if not self.registry.pack_errors:
            return []
        from .packs import error_findings

        return error_findings(self.registry)


PARALLEL_MIN_FILES = 64
_worker_linter: Linter | None = None


def _init_worker(linter: Linter) -> None:
    global _worker_linter
    _worker_linter = linter


def _check_in_worker(path: Path) -> FileResult:
    assert _worker_linter is not None
    return _worker_linter.check_file(path)


def _read_for_cache(path: Path) -> bytes | None:
    """The file's bytes for the cache key, or None to let the loader report the problem."""
    try:
        if path.stat().st_size > MAX_INPUT_BYTES:
            return None
        return path.read_bytes()
    except OSError:
        return None


def _cacheable(result: FileResult) -> bool:
    """Unreadable files and crashed rules may be transient: always check them again."""
    return result.error is None and not any(f.code == rl.RULE_ERROR for f in result.findings)


def _snippet(f: Finding, source: Source) -> str:
    return source.text[f.span.start:f.span.end] if f.span else ""


def _position(f: Finding, source: Source) -> None:
    span = f.span if f.span is not None else Span(0, 0)
    f.line, f.column = source.line_col(span.start)
    f.end_line, f.end_column = source.line_col(span.end)


def summarize(results: Iterable[FileResult]) -> dict[str, Any]:
    counts = {"files": 0, "error": 0, "warning": 0, "info": 0, "unreadable": 0, "fixable": 0,
              "unsafe_fixable": 0, "fixed": 0, "baselined": 0}
    for r in results:
        counts["files"] += 1
        counts["unreadable"] += r.error is not None
        counts["baselined"] += r.baselined
        counts["fixed"] += r.fixed
        for f in r.findings:
            counts[f.severity or "error"] += 1
            counts["fixable"] += f.fix is not None and f.fix.applicability == "safe"
            counts["unsafe_fixable"] += f.fix is not None and f.fix.applicability == "unsafe"
    return counts
