"""`report-lint check`: lint files and folders, print findings, set the exit code."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..cli import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, UsageError, open_output
from ..config import ConfigResolver, validate_codes
from ..engine import FileResult, Linter, Overrides


def make_linter(args: argparse.Namespace, keep_lines: bool) -> Linter:
    if args.config is not None and not args.config.is_file():
        raise UsageError(f"配置文件不存在：{args.config}")
    overrides = Overrides(select=args.select, extend_select=args.extend_select, ignore=args.ignore)
    return Linter(resolver=ConfigResolver(args.config), overrides=overrides,
                  keep_lines=keep_lines)


def collect(linter: Linter, args: argparse.Namespace) -> list[FileResult]:
    if not args.paths:
        raise UsageError("请给出要检查的文件或文件夹（- 表示标准输入）")
    results: list[FileResult] = []
    for p in args.paths:
        if p == "-":
            name = args.stdin_filename or "stdin.txt"
            results.append(linter.check_file(Path(name), sys.stdin.buffer.read(), display=name))
        elif not Path(p).exists():
            raise UsageError(f"路径不存在：{p}")
        else:
            results.extend(linter.check_paths([p], jobs=args.jobs or os.cpu_count() or 1))
    return results


def _config_errors(linter: Linter) -> list[str]:
    known = list(linter.registry.rules)
    errors: list[str] = []
    for cfg in linter.resolver.loaded():
        errors += validate_codes(cfg, known)
        errors += [f"{cfg.path}: packs 中的规则包 {p} 未安装" for p in cfg.packs
                   if p not in linter.registry.packs and not p.endswith(".toml")]
    for code in [*(linter.overrides.select or []), *linter.overrides.ignore,
                 *linter.overrides.extend_select]:
        if code != "ALL" and not any(k.startswith(code) for k in known):
            errors.append(f"命令行中的规则代码 {code} 不存在")
    return errors


def run_check(args: argparse.Namespace) -> int:
    fmt = args.format
    linter = make_linter(args, keep_lines=fmt == "text")
    results = collect(linter, args)
    errors = _config_errors(linter)
    if errors:
        raise UsageError("\n".join(errors))
    extra = linter.plugin_findings()
    out = open_output(args.output_file)
    color = fmt == "text" and out is sys.stdout and sys.stdout.isatty() and not args.no_color
    from ..reporters import write

    try:
        write(fmt, results, out, extra=extra, color=color)
    finally:
        if out is not sys.stdout:
            out.close()
    return exit_code(results, extra, args.exit_zero)


def exit_code(results: list[FileResult], extra: list, exit_zero: bool) -> int:
    if any(r.error for r in results) or extra:
        return EXIT_ERROR
    if exit_zero:
        return EXIT_OK
    has_error = any(f.severity == "error" for r in results for f in r.findings)
    return EXIT_FINDINGS if has_error else EXIT_OK
