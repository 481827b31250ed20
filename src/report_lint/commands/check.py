"""`report-lint check`: lint files and folders, print findings, set the exit code."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from ..cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError, open_output
from ..config import Config, ConfigResolver, is_pack_path, validate_codes
from ..engine import FileResult, Linter, Overrides

if TYPE_CHECKING:
    from ..baseline import Baseline

STATISTICS_FORMATS = ("text", "concise", "json")


def make_linter(args: argparse.Namespace, keep_lines: bool) -> Linter:
    if args.config is not None and not args.config.is_file():
        raise UsageError(f"配置文件不存在：{args.config}")
    from ..host import load_registry

    registry = load_registry()
    overrides = Overrides(select=args.select, extend_select=args.extend_select, ignore=args.ignore)
    cache = None
    if not getattr(args, "no_cache", True):
        from ..cache import ResultCache, run_key

        cache = ResultCache(ResultCache.default_folder(args.cache_dir), run_key(registry, overrides))
    linter = Linter(registry, ConfigResolver(args.config), overrides, keep_lines=keep_lines,
                    cache=cache)
    linter.folder_pass = True  # folder-scope rules (XYR) run over every file of the run
    return linter


def collect(linter: Linter, args: argparse.Namespace, fix_step: Callable | None = None
            ) -> list[FileResult]:
    """Check every path; `fix_step(results, stdin)` (--fix/--diff) runs before the folder pass,
    with `stdin` the (result, bytes) of `-` when it was read."""
    if not args.paths:
        raise UsageError("请给出要检查的文件或文件夹（- 表示标准输入）")
    from .. import progress

    results: list[FileResult] = []
    stdin = None
    for p in args.paths:
        if p == "-":
            name = args.stdin_filename or "stdin.txt"
            data = sys.stdin.buffer.read()
            results.append(linter.check_file(Path(name), data, display=name))
            stdin = (results[-1], data)
        else:  # a missing path is an unreadable file (RL001, exit 2); the others are checked
            files = list(linter.iter_files([p]))
            show = progress.wanted(args.format, len(files))
            with progress.bar(len(files), show) as advance:
                for r in linter.check_files(files, jobs=args.jobs or os.cpu_count() or 1):
                    results.append(r)
                    advance()
    if fix_step is not None:
        fix_step(results, stdin)
    linter.run_folder_rules(results)
    return results


def _config_errors(linter: Linter) -> list[str]:
    known = list(linter.registry.rules)
    errors: list[str] = []
    for cfg in linter.resolver.loaded():
        errors += validate_codes(cfg, known)
        errors += _unknown_packs(linter, cfg)
    for code in [*(linter.overrides.select or []), *linter.overrides.ignore,
                 *linter.overrides.extend_select]:
        if code != "ALL" and not any(k.startswith(code) for k in known):
            errors.append(f"命令行中的规则代码 {code} 不存在")
    return errors


def _unknown_packs(linter: Linter, cfg: Config) -> list[str]:
    """Pack names in `packs` that no installed plugin provides (pack files were checked when the
    config loaded)."""
    names = [p for p in cfg.packs if not is_pack_path(p)]
    if not names:
        return []
    from ..packs import known_names

    known = known_names(linter.registry)
    shown = "、".join(sorted(known)) or "无"
    return [f"{cfg.path}: packs 中的规则包 {p} 未安装（已安装的规则包：{shown}）"
            for p in names if p not in known]


def _check_args(args: argparse.Namespace) -> None:
    if args.statistics and args.format not in STATISTICS_FORMATS:
        raise UsageError(f"--statistics 只能与 --format {'/'.join(STATISTICS_FORMATS)} 一起使用")
    if args.update_baseline and args.baseline is None:
        raise UsageError("--update-baseline 需要同时给出 --baseline FILE")


def _open_baseline(args: argparse.Namespace) -> tuple[Baseline | None, bool]:
    """(baseline, write it after the run?): written when absent or with --update-baseline."""
    if args.baseline is None:
        return None, False
    from ..baseline import Baseline, BaselineError

    exists = args.baseline.is_file()
    try:
        b = Baseline.load(args.baseline) if exists else Baseline(args.baseline)
    except BaselineError as exc:
        raise UsageError(str(exc)) from exc
    return b, args.update_baseline or not exists


def _write_baseline(linter: Linter, baseline: Baseline, results: list[FileResult]) -> None:
    from ..baseline import BaselineError

    n = baseline.update(results)
    try:
        baseline.dump()
    except BaselineError as exc:
        raise UsageError(str(exc)) from exc
    linter.baseline = baseline
    for r in results:  # everything just recorded is now "known": report only what is not
        linter.apply_baseline(r)
    print(f"report-lint: 已写入基线 {baseline.path}：{n} 个问题，{len(results)} 个文件",
          file=sys.stderr)


def run_check(args: argparse.Namespace) -> int:
    _check_args(args)
    fmt = args.format
    linter = make_linter(args, keep_lines=fmt == "text")
    baseline, write_baseline = _open_baseline(args)
    linter.baseline = None if write_baseline else baseline
    fixes = None
    if args.fix or args.unsafe_fixes or args.diff:
        from .fixes import FixStep

        fixes = FixStep(linter, args, _config_errors)
    results = collect(linter, args, fixes)
    errors = _config_errors(linter)
    if errors:
        raise UsageError("\n".join(errors))
    if write_baseline:
        _write_baseline(linter, baseline, results)
    extra = linter.plugin_findings()
    if fixes is not None and args.diff:
        return fixes.finish_diff(results, bool(extra))
    out = (fixes and fixes.report_stream) or open_output(args.output_file)
    color = fmt == "text" and out is sys.stdout and sys.stdout.isatty() and not args.no_color
    from ..reporters import write

    try:
        write("statistics" if args.statistics else fmt, results, out, extra=extra, color=color,
              registry=linter.registry, format=fmt)
    finally:
        if out not in (sys.stdout, sys.stderr):
            out.close()
    if fixes is not None:
        fixes.finish()
    return exit_code(results, extra, args.exit_zero)


def exit_code(results: list[FileResult], extra: list, exit_zero: bool) -> int:
    if any(r.error for r in results) or extra:
        return EXIT_ERROR
    if exit_zero:
        return EXIT_OK
    has_error = any(f.severity == "error" for r in results for f in r.findings)
    return EXIT_FINDINGS if has_error else EXIT_OK
