"""Shared test helpers: paths to the shared corpus (skipped when absent) and a CLI runner."""
from __future__ import annotations

import io
import json
import sys
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
REAL = SHARED / "corpus" / "real"
EXAMPLES = REPO / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def seed(prefix: str) -> Path:
    """The seed report whose file name starts with `prefix` (e.g. "000"); skip if absent."""
    if not SEEDS.is_dir():
        pytest.skip("shared corpus not present")
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} not present")
    return found[0]


def real(name: str) -> Path:
    p = REAL / name
    if not p.is_file():
        pytest.skip(f"{name} not present")
    return p


class Run:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err

    def json(self) -> dict:
        return json.loads(self.out)


def run_cli(*args: str, stdin: bytes | None = None) -> Run:
    """Run the CLI in-process and capture its output and exit code."""
    from report_lint.cli import main

    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    if stdin is not None:
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse usage errors
                code = exc.code if isinstance(exc.code, int) else 2
    finally:
        sys.stdin = old_stdin
    return Run(code, out.getvalue(), err.getvalue())
