"""Command line: `report-lint [check] PATH…`, `parse`, `rules`, `rule CODE`, `docs`.

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

COMMANDS = ("check", "parse", "rules", "rule", "docs")
CHECK_FORMATS = ("text", "concise", "json", "sarif", "github", "junit")
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
    sub = p.add_subparsers(dest="command", metavar="{check,parse,rules,rule,docs}")

    c = sub.add_parser("check", help="检查报告文件或文件夹（默认命令）")
    c.add_argument("paths", nargs="*", metavar="PATH", help="文件或文件夹；- 表示标准输入")
    c.add_argument("--format", default="text", choices=CHECK_FORMATS,
                   help="输出格式（默认 text；sarif、github、junit 供 CI 使用）")
    c.add_argument("--select", type=_codes, help="只启用这些规则代码或前缀，逗号分隔")
    c.add_argument("--extend-select", type=_codes, default=[], help="在配置之外再启用的规则")
    c.add_argument("--ignore", type=_codes, default=[], help="忽略这些规则代码或前缀")
    c.add_argument("--config", type=Path, help="使用此配置文件，不再逐级查找")
    c.add_argument("--exit-zero", action="store_true", help="有问题也以 0 退出")
    c.add_argument("--output-file", type=Path, help="结果写入文件而非标准输出")
    c.add_argument("--stdin-filename", help="从标准输入读取时使用的文件名（决定格式与配置）")
    c.add_argument("--jobs", "-j", type=int, default=0,
                   help="并行进程数（默认：CPU 核数；文件少时不并行）")
    c.add_argument("--statistics", action="store_true", help="只输出每条规则的问题数")
    c.add_argument("--baseline", type=Path, metavar="FILE",
                   help="基线文件：只报告基线中没有的新问题（文件不存在时写入当前问题）")
    c.add_argument("--update-baseline", action="store_true",
                   help="用本次检查的问题重写基线中被检查文件的条目")
    c.add_argument("--no-cache", action="store_true", help="不读写结果缓存")
    c.add_argument("--cache-dir", type=Path, metavar="DIR",
                   help="结果缓存目录（默认 ./.report-lint-cache，或环境变量 REPORT_LINT_CACHE_DIR）")
    c.add_argument("--fix", action="store_true",
                   help="应用安全修复并写回文件（原子写入，保留编码、BOM、换行和权限）；- 时把修复后的文本输出到标准输出")
    c.add_argument("--unsafe-fixes", action="store_true",
                   help="同时应用不安全修复（隐含 --fix；与 --diff 一起时只显示）")
    c.add_argument("--diff", action="store_true",
                   help="只输出修复的统一差异，不写任何文件；有可修复内容时以 1 退出")
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

    d = sub.add_parser("docs", help="由规则元数据生成规则参考文档 docs/rules.md")
    d.add_argument("--output", "-o", type=Path, default=Path("docs") / "rules.md",
                   help="输出文件（默认 docs/rules.md；- 表示标准输出）")
    d.add_argument("--check", action="store_true", help="只检查文件是否最新，过期时以 1 退出")
    d.add_argument("--all", action="store_true", help="也列出已安装规则包和第三方插件的规则")
    d.add_argument("--debug", action="store_true")
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
    except BrokenPipeError:  # `report-lint rules | head`: the reader left, nothing to report
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
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
    if args.command == "docs":
        from .commands.docs import run_docs

        return run_docs(args)
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
