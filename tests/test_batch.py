"""Batch runs: job count does not change results, the result cache, progress, start-up imports."""
from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_cli
from report_lint import progress
from report_lint.cache import ResultCache, result_from_json, result_to_json
from report_lint.engine import PARALLEL_MIN_FILES, FileResult
from report_lint.findings import Finding, Fix
from report_lint.source import Span

SOURCES = sorted(EXAMPLES.glob("*.txt"))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough reports for the engine to use worker processes, in nested folders."""
    root = tmp_path_factory.mktemp("batch")
    for i in range(PARALLEL_MIN_FILES + 6):
        src = SOURCES[i % len(SOURCES)]
        sub = root / f"d{i % 3}"
        sub.mkdir(exist_ok=True)
        text = src.read_text(encoding="utf-8")
        if i % 5 == 0:  # make some files differ from their source
            text = f"<!-- report-lint: disable=NOPE{i:03d} 第{i}号 -->\n" + text
        (sub / f"{i:03d}_{src.name}").write_text(text, encoding="utf-8")
    return root


def check(*args: str):
    return run_cli("check", "--format", "json", "--exit-zero", *args)


def test_jobs_1_and_2_give_identical_json(folder: Path) -> None:
    one = check("--no-cache", "--jobs", "1", str(folder))
    two = check("--no-cache", "--jobs", "2", str(folder))
    assert one.code == two.code == 0
    assert one.out == two.out
    data = one.json()
    assert data["summary"]["files"] == PARALLEL_MIN_FILES + 6
    assert any(f["code"] == "RL012" for f in data["findings"])


def test_cache_rerun_is_identical_and_invalidated_by_changes(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cold = check("--cache-dir", str(cache), "--jobs", "1", str(folder))
    entries = sorted(cache.rglob("*.json"))
    assert len(entries) == PARALLEL_MIN_FILES + 6
    assert (cache / ".gitignore").read_text().strip().endswith("*")
    warm = check("--cache-dir", str(cache), "--jobs", "2", str(folder))
    assert warm.out == cold.out
    assert sorted(cache.rglob("*.json")) == entries  # nothing new: every file was a hit
    assert check("--no-cache", str(folder)).out == cold.out

    # A changed file, or changed command-line selection, misses the cache.
    victim = sorted(folder.rglob("*.txt"))[1]
    original = victim.read_text(encoding="utf-8")
    try:
        victim.write_text("<!-- report-lint: disable=ZZZ999 新 -->\n" + original, encoding="utf-8")
        changed = check("--cache-dir", str(cache), str(victim)).json()["findings"]
        assert any("ZZZ999" in f["message"] for f in changed)
    finally:
        victim.write_text(original, encoding="utf-8")
    ignored = check("--cache-dir", str(cache), "--ignore", "RL012", str(folder)).json()
    assert all(f["code"] != "RL012" for f in ignored["findings"])


def test_cache_follows_config_changes(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text("<!-- report-lint: disable=NOPE999 理由 -->\n"
                      + SOURCES[0].read_text(encoding="utf-8"), encoding="utf-8")
    cache = tmp_path / "cache"
    assert any(f["code"] == "RL012" for f in check("--cache-dir", str(cache), str(report)).json()["findings"])
    (tmp_path / "report-lint.toml").write_text('ignore = ["RL012"]\n', encoding="utf-8")
    assert all(f["code"] != "RL012" for f in check("--cache-dir", str(cache), str(report)).json()["findings"])


def test_no_cache_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copy(SOURCES[0], tmp_path / "r.txt")
    check("--no-cache", "r.txt")
    assert not (tmp_path / ".report-lint-cache").exists()
    monkeypatch.setenv("REPORT_LINT_CACHE_DIR", str(tmp_path / "elsewhere"))
    check("r.txt")
    assert (tmp_path / "elsewhere").is_dir() and not (tmp_path / ".report-lint-cache").exists()


def test_corrupt_cache_entry_is_a_miss(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    shutil.copy(SOURCES[0], report)
    cache = tmp_path / "cache"
    first = check("--cache-dir", str(cache), str(report)).out
    for entry in cache.rglob("*.json"):
        entry.write_text("{not json", encoding="utf-8")
    assert check("--cache-dir", str(cache), str(report)).out == first


def test_result_json_round_trip() -> None:
    f = Finding("TOT301", "m", Span(3, 9), Fix.replace(Span(3, 9), "x", "unsafe", "改"),
                "error", "n", {"row": "（七）", "values": [1, None]}, "p", 2, 3, 2, 9)
    r = FileResult("p", [f], "2021", 2023, lines={2: "行"}, fingerprints=["abc"])
    back = result_from_json(json.loads(json.dumps(result_to_json(r))))
    assert back.findings == r.findings and back.lines == r.lines
    assert (back.template, back.year, back.fingerprints) == ("2021", 2023, ["abc"])


def test_cache_key_depends_on_content_path_and_config(tmp_path: Path) -> None:
    c = ResultCache(tmp_path, "run")
    cfg_a, cfg_b = {"select": ["A"]}, {"select": ["B"]}
    k = c.key(tmp_path / "a.txt", b"x", cfg_a, "a.txt")
    assert k == c.key(tmp_path / "a.txt", b"x", cfg_a, "a.txt")
    assert k != c.key(tmp_path / "a.txt", b"y", cfg_a, "a.txt")
    assert k != c.key(tmp_path / "b.txt", b"x", cfg_a, "a.txt")
    assert k != ResultCache(tmp_path, "run").key(tmp_path / "a.txt", b"x", cfg_b, "a.txt")
    assert k != ResultCache(tmp_path, "other").key(tmp_path / "a.txt", b"x", cfg_a, "a.txt")


# -- progress and start-up -----------------------------------------------------------------------
class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_for_long_text_runs_on_a_terminal() -> None:
    assert progress.wanted("text", 500, Tty())
    assert not progress.wanted("text", 500, io.StringIO())  # piped
    assert not progress.wanted("json", 500, Tty())
    assert not progress.wanted("sarif", 500, Tty())
    assert not progress.wanted("text", 3, Tty())
    with progress.bar(3, False) as advance:
        advance()


def test_progress_bar_draws_on_the_given_stream() -> None:
    out = Tty()
    with progress.bar(2, True, out) as advance:
        advance()
        advance()
    assert out.getvalue()  # rich drew (and erased) the bar there


def test_progress_never_on_piped_batch_run(folder: Path) -> None:
    r = run_cli("check", "--no-cache", "--exit-zero", str(folder))
    assert "检查中" not in r.err


@pytest.mark.parametrize("args", [["--version"], ["check", "--format", "json", "--no-cache"],
                                  ["check", "--format", "sarif"], ["check"]])
def test_no_rich_import_without_a_terminal(args: list[str], tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    shutil.copy(SOURCES[0], report)
    if args[0] == "check":
        args = [*args, "--cache-dir", str(tmp_path / "c"), str(report)]
    code = ("import sys; from report_lint.cli import main\n"
            f"rc = main({args!r})\n"
            "assert 'rich' not in sys.modules, 'rich imported'\n")
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert "rich imported" not in p.stderr, p.stderr
