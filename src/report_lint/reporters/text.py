"""Human output: `path:line:col: CODE [级别] message`, the source line under it, a summary.

Rich styles the output on a terminal; piped output (pre-commit, CI logs) is plain text and does
not import rich at all.
"""
from __future__ import annotations

from typing import Any, TextIO

from ..engine import FileResult, summarize
from ..findings import Finding

LABEL = {"error": "错误", "warning": "警告", "info": "提示"}
STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _lines(r: FileResult, f: Finding, full: bool) -> list[tuple[str, str]]:
    """Segments (text, style) for one finding."""
    sev = f.severity or "error"
    segs = [(f"{f.path}:{f.line}:{f.column}: ", "bold"), (f.code, STYLE[sev]),
            (f" [{LABEL[sev]}] ", STYLE[sev]), (f.message, "")]
    if f.fix is not None:
        segs.append(("  [可自动修复]" if f.fix.applicability == "safe" else "  [可修复·不安全]", "green"))
    segs.append(("\n", ""))
    text = r.lines.get(f.line, "") if full else ""
    if text.strip():
        shown = text if len(text) <= 120 else text[:117] + "…"
        segs.append((f"  {f.line:>5} | {shown}\n", "dim"))
    return segs


def _summary(results: list[FileResult]) -> list[tuple[str, str]]:
    c = summarize(results)
    text = (f"共检查 {c['files']} 个文件：{c['error']} 个错误，{c['warning']} 个警告，"
            f"{c['info']} 个提示")
    if c["unreadable"]:
        text += f"；{c['unreadable']} 个文件无法读取"
    if c["fixed"]:
        text += f"；已修复 {c['fixed']} 个问题"
    if c["fixable"]:
        text += f"；{c['fixable']} 个可用 --fix 自动修复"
    if c["unsafe_fixable"]:
        text += f"；{c['unsafe_fixable']} 个有不安全修复（加 --unsafe-fixes 应用）"
    if c["baselined"]:
        text += f"；另有 {c['baselined']} 个基线中的已知问题未显示"
    return [(text + "。\n", "bold")]


def _emit(segments: list[tuple[str, str]], out: TextIO, color: bool) -> None:
    if not color:
        out.write("".join(t for t, _ in segments))
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(file=out, highlight=False, soft_wrap=True)
    console.print(Text.assemble(*segments), end="")


def _write(results: list[FileResult], out: TextIO, full: bool, extra: list[Finding],
           color: bool) -> None:
    segs: list[tuple[str, str]] = []
    for f in extra:
        segs += _lines(FileResult(f.path), f, False)
    for r in results:
        for f in r.findings:
            segs += _lines(r, f, full)
    segs += _summary(results)
    _emit(segs, out, color)


def write_full(results: list[FileResult], out: TextIO, extra: list[Finding] = (),
               color: bool = False, **_: Any) -> None:
    _write(results, out, True, list(extra), color)


def write_concise(results: list[FileResult], out: TextIO, extra: list[Finding] = (),
                  color: bool = False, **_: Any) -> None:
    _write(results, out, False, list(extra), color)
