#!/usr/bin/env python3
"""Benchmarks that print numbers (never asserted in unit tests).

    python bench/bench.py [--report FILE] [--copies N] [--jobs J]

- start-up: wall time of `report-lint --version`, `--help`, and `check --format json` on one report,
  against a bare `python -c pass` from the same interpreter (median of several runs);
- throughput: reports a second over a folder of N copies of the shipped examples, each copy
  renamed to its own issuer (清河县 → a county name of its own), so the folder-scope rules see
  N distinct bodies as in a real folder, not one body's report N times over;
- memory: peak RSS checking one ~10 MB report.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EXE = Path(sys.executable)
CLI = EXE.parent / "report-lint"


def wall(cmd: list[str], runs: int = 15) -> float:
    """Median wall seconds of `cmd` over `runs` runs (after one warm-up)."""
    subprocess.run(cmd, capture_output=True)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def startup(report: Path) -> None:
    base = wall([str(EXE), "-c", "pass"])
    print(f"python -c pass                 {base * 1000:7.1f} ms")
    for label, args in (("--version", ["--version"]), ("--help", ["--help"]),
                        ("check --format json (1 file)", ["check", "--format", "json", str(report)]),
                        ("check text, piped (1 file)", ["check", str(report)])):
        t = wall([str(CLI), *args])
        print(f"report-lint {label:<28}{t * 1000:7.1f} ms  (+{(t - base) * 1000:.1f} ms over python)")


ISSUER_PLACE = "清河县"  # the county every shipped example is from
NAME_CHARS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"


def county(i: int) -> str:
    """A county name of its own for copy `i` (three name characters + 县)."""
    n = len(NAME_CHARS)
    return NAME_CHARS[i // (n * n) % n] + NAME_CHARS[i // n % n] + NAME_CHARS[i % n] + "县"


def throughput(copies: int, jobs: int) -> None:
    sources = [(p.name, p.read_text(encoding="utf-8"))
               for p in sorted((REPO / "examples").glob("*.txt"))]
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(copies):
            name, text = sources[i % len(sources)]
            (Path(tmp) / f"{i:06d}_{name}").write_text(text.replace(ISSUER_PLACE, county(i)),
                                                       encoding="utf-8")
        cmd = [str(CLI), "check", "--format", "json", "--exit-zero", tmp]
        if jobs > 1:
            cmd[2:2] = ["--jobs", str(jobs)]
        t = time.perf_counter()
        p = subprocess.run(cmd, capture_output=True)
        dt = time.perf_counter() - t
    print(f"throughput ({copies} reports, jobs={jobs}): {copies / dt:8.0f} reports/s "
          f"({dt:.2f} s, exit {p.returncode})")


def memory() -> None:
    text = (REPO / "examples" / "2023-qinghe-natural-resources.txt").read_text(encoding="utf-8")
    head, _, tail = text.partition("五、存在的主要问题及改进情况")
    filler = "一是政策解读形式较为单一，需要进一步丰富解读形式。\n" * (10_000_000 // 80)
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big.txt"
        big.write_text(head + "五、存在的主要问题及改进情况\n" + filler + tail, encoding="utf-8")
        size = big.stat().st_size
        t = time.perf_counter()
        subprocess.run([str(CLI), "check", "--format", "json", "--exit-zero", str(big)],
                       capture_output=True)
        dt = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"memory: {size / 1e6:.1f} MB report checked in {dt:.2f} s, peak RSS {peak:.0f} MB")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--report", type=Path, default=REPO / "examples" / "2023-qinghe-natural-resources.txt")
    ap.add_argument("--copies", type=int, default=3000)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--skip-memory", action="store_true")
    a = ap.parse_args()
    if not CLI.exists():
        print(f"report-lint not found beside {EXE}; install the package into this interpreter")
        return 2
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    startup(a.report)
    throughput(a.copies, 1)
    if a.jobs > 1:
        throughput(a.copies, a.jobs)
    if not a.skip_memory:
        memory()
    return 0


if __name__ == "__main__":
    sys.exit(main())
