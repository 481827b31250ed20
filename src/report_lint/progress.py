"""A progress bar on stderr for long runs on a terminal; nothing at all otherwise.

rich is imported only when the bar is actually shown, so piped runs, JSON/SARIF output and
pre-commit (which captures output) never pay for it.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from typing import Callable, Iterator, TextIO

MIN_FILES = 50  # below this a run is short enough that a bar would only flicker
BAR_FORMATS = ("text", "concise")


def wanted(fmt: str, total: int, stream: TextIO | None = None, disabled: bool = False) -> bool:
    """Show a bar only for human output formats, enough files, and a terminal on stderr."""
    stream = stream or sys.stderr
    return (not disabled and fmt in BAR_FORMATS and total >= MIN_FILES
            and hasattr(stream, "isatty") and stream.isatty())


@contextmanager
def bar(total: int, enabled: bool, stream: TextIO | None = None) -> Iterator[Callable[[], None]]:
    """Yield an `advance()` callable; the bar is transient (erased when the run ends)."""
    if not enabled:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = Console(file=stream or sys.stderr)
    columns = (TextColumn("检查中"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("check", total=total)
        yield lambda: progress.advance(task)
