"""Command line: `report-lint [check] PATH…`, `parse`, `rules`, `rule CODE`.

Exit codes: 0 no error-severity finding; 1 error findings; 2 usage, config, unreadable input or
internal error. Heavy modules (rich, document libraries, the plugins) are imported only when a
command needs them, so `--version` and `--help` stay fast.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, Sequence

from . import __version__

COMMANDS = ("check", "parse", "rules", "rule")
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


def _codes(value: str) -> list[str]:
    return [c.strip() for c in value.split(",") if c.strip()]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="report-lint",
        description="政府信息公开工作年度报告合规检查：章节、统计表勾稽关系、模板版本、日期与文字一致性。",
        epilog="不写子命令时即为 check。退出码：0 无错误；1 有错误级问题；2 用法/配置/文件无法读取/内部错误。")
    p.add_argument("--version", action="version", version=f"report-lint {__version__}")
    sub = p.add_subparsers(dest="command", metavar="{check,parse,rules,rule}")

    c = sub.add_parser("check", help="检查报告文件或文件夹（默认命令）")
    c.add_argument("paths", nargs="*", metavar="PATH", help="文件或文件夹；- 表示标准输入")
    c.add_argument("--format", default="text", choices=("text", "concise", "json"),
                   help="输出格式（默认 text）")
    c.add_argument("--select", type=_codes, help="只启用这些规则代码或前缀，逗号分隔")
    c.add_argument("--extend-select", type=_codes, default=[], help="在配置之外再启用的规则")
    c.add_argument("--ignore", type=_codes, default=[], help="忽略这些规则代码或前缀")
    c.add_argument("--config", type=Path, help="使用此配置文件，不再逐级查找")
    c.add_argument("--exit-zero", action="store_true", help="有问题也以 0 退出")
    c.add_argument("--output-file", type=Path, help="结果写入文件而非标准输出")
    c.add_argument("--stdin-filename", help="从标准输入读取时使用的文件名（决定格式与配置）")
    c.add_argument("--jobs", "-j", type=int, default=0,
                   help="并行进程数（默认：CPU 核数；文件少时不并行）")
    c.add_argument("--no-color", action="store_true", help="不使用颜色")
    c.add_argument("--debug", action="store_true", help="出错时显示完整回溯")

    pa = sub.add_parser("parse", help="输出报告的章节结构和三张统计表")
    pa.add_argument("file", metavar="FILE")
    pa.add_argument("--format", default="json", choices=("json",))
    pa.add_argument("--debug", action="store_true")

    r = sub.add_parser("rules", help="列出全部规则")
    r.add_argument("--format", default="text", choices=("text", "json"))
    r.add_argument("--config", type=Path)
    r.add_argument("--debug", action="store_true")

    one = sub.add_parser("rule", help="显示一条规则的完整说明")
    one.add_argument("code")
    one.add_argument("--debug", action="store_true")
    return p


def _normalise_argv(argv: list[str]) -> list[str]:
    """`report-lint PATH…` means `report-lint check PATH…`."""
    if not argv or argv[0] in COMMANDS or argv[0] in ("-h", "--help", "--version"):
        return argv
    return ["check", *argv]


def main(argv: Sequence[str] | None = None) -> int:
    args_list = _normalise_argv(list(sys.argv[1:] if argv is None else argv))
    parser = build_parser()
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help()
        return EXIT_ERROR
    try:
        return _dispatch(args)
    except UsageError as exc:
        print(f"report-lint: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # no traceback reaches the user without --debug
        from .config import ConfigError

        if getattr(args, "debug", False):
            raise
        kind = "配置错误" if isinstance(exc, ConfigError) else "内部错误"
        print(f"report-lint: {kind}：{exc}", file=sys.stderr)
        if not isinstance(exc, ConfigError):
            print("（加 --debug 查看完整回溯；请将此信息报告给开发者）", file=sys.stderr)
        return EXIT_ERROR


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "check":
        from .commands.check import run_check

        return run_check(args)
    if args.command == "parse":
        from .commands.parse import run_parse

        return run_parse(args)
    from .commands.rules import run_rule, run_rules

    return run_rules(args) if args.command == "rules" else run_rule(args)


def open_output(path: Path | None) -> Any:
    if path is None:
        return sys.stdout
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"无法写入输出文件 {path}：{exc.strerror}") from exc


if __name__ == "__main__":
    sys.exit(main())
