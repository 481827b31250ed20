"""Baseline: keyed by path, code and pointed-at text; later runs report only new findings."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_cli
from report_lint.baseline import STALE, Baseline, BaselineError, fingerprint
from report_lint.engine import FileResult
from report_lint.findings import Finding

DEFECTS = EXAMPLES / "2022-qinghe-county-office-defects.txt"
BOGUS = "<!-- report-lint: disable=NOPE999 这是一条写错代码的指令 -->\n"


def result(path: str, *items: tuple[str, str, str]) -> FileResult:
    """A FileResult with findings (code, message, pointed-at text)."""
    findings = [Finding(c, m, path=path) for c, m, _ in items]
    return FileResult(path, findings, fingerprints=[fingerprint(c, t, m) for c, m, t in items])


def test_fingerprint_ignores_spacing_and_numbers_in_message_not_text() -> None:
    a = fingerprint("TOT301", "（七）总计 20  0", "见第 12 行")
    assert a == fingerprint("TOT301", "（七）总计 20 0", "见第 40 行")
    assert a != fingerprint("TOT301", "（七）总计 21 0", "见第 12 行")
    assert a != fingerprint("TOT302", "（七）总计 20 0", "见第 12 行")


def test_split_counts_duplicates_and_reports_stale(tmp_path: Path) -> None:
    b = Baseline(tmp_path / "baseline.json")
    old = result(str(tmp_path / "a.txt"), ("TOT301", "m", "x"), ("TOT301", "m", "x"),
                 ("SEC201", "gone", "y"))
    assert b.update([old]) == 3
    now = result(str(tmp_path / "a.txt"), ("TOT301", "m", "x"), ("TOT301", "m", "x"),
                 ("TOT301", "m", "x"), ("DAT401", "new", "z"))
    new, stale = b.split(now.path, now.findings, now.fingerprints)
    assert [now.findings[i].code for i in new] == ["TOT301", "DAT401"]
    assert [f.code for f in stale] == [STALE] and "SEC201" in stale[0].message


def test_other_files_entries_are_untouched(tmp_path: Path) -> None:
    b = Baseline(tmp_path / "baseline.json")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.txt").write_text("x")
    b.update([result(str(tmp_path / "a.txt"), ("TOT301", "m", "x")),
              result(str(tmp_path / "b.txt"), ("TOT301", "m", "x"))])
    b.dump()
    b = Baseline.load(tmp_path / "baseline.json")
    new, stale = b.split(str(tmp_path / "a.txt"), [], [])
    assert stale and new == []
    b.update([result(str(tmp_path / "a.txt"))])  # only a.txt was checked this time
    assert {k[0] for k in b.counts} == {"b.txt"}


def test_round_trip_is_sorted_relative_and_stable(tmp_path: Path) -> None:
    b = Baseline(tmp_path / "baseline.json")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "z.txt").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    b.update([result(str(tmp_path / "sub" / "z.txt"), ("SEC201", "m", "")),
              result(str(tmp_path / "a.txt"), ("TOT301", "m", "x"))])
    b.dump()
    first = (tmp_path / "baseline.json").read_text(encoding="utf-8")
    data = json.loads(first)
    assert data["version"] == 1
    assert [e["path"] for e in data["entries"]] == ["a.txt", "sub/z.txt"]
    Baseline.load(tmp_path / "baseline.json").dump()
    assert (tmp_path / "baseline.json").read_text(encoding="utf-8") == first


@pytest.mark.parametrize("content", ["not json", '{"version": 99, "entries": []}', '{"entries": [{}]}'])
def test_bad_baseline_file_is_an_error(tmp_path: Path, content: str) -> None:
    (tmp_path / "b.json").write_text(content, encoding="utf-8")
    with pytest.raises(BaselineError):
        Baseline.load(tmp_path / "b.json")


# -- end to end ----------------------------------------------------------------------------------
def check(*args: str):
    return run_cli("check", "--no-cache", "--format", "json", *args)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    report = tmp_path / "2022.txt"
    report.write_text(BOGUS + DEFECTS.read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path


def test_baseline_workflow(repo: Path) -> None:
    report, base = repo / "2022.txt", repo / "report-lint-baseline.json"
    before = check(str(report)).json()["findings"]
    assert before and any(f["code"] == "RL012" for f in before)

    # 1. No baseline yet: it is written, nothing is reported, the run passes.
    r = check("--baseline", str(base), str(report))
    assert base.is_file() and "已写入基线" in r.err
    assert r.json()["findings"] == [] and r.code == 0
    assert r.json()["summary"]["baselined"] == len(before)
    assert sum(e["count"] for e in json.loads(base.read_text("utf-8"))["entries"]) == len(before)

    # 2. Lines move (text inserted above): still nothing new.
    text = report.read_text(encoding="utf-8")
    report.write_text("\n\n\n" + text, encoding="utf-8")
    r = check("--baseline", str(base), str(report))
    assert r.json()["findings"] == [] and r.code == 0

    # 3. A new problem is reported, the old ones are not.
    report.write_text("<!-- report-lint: disable=ZZZ998 另一条错误指令 -->\n" + text, encoding="utf-8")
    r = check("--baseline", str(base), str(report))
    assert [f["code"] for f in r.json()["findings"]] == ["RL012"] and r.code == 1
    assert "ZZZ998" in r.json()["findings"][0]["message"]

    # 4. An old problem fixed: its entry is stale (RL014) until the baseline is updated.
    report.write_text(text.replace(BOGUS, ""), encoding="utf-8")
    r = check("--baseline", str(base), str(report))
    assert [f["code"] for f in r.json()["findings"]] == [STALE] and r.code == 1
    r = check("--baseline", str(base), "--update-baseline", str(report))
    assert r.code == 0
    assert check("--baseline", str(base), str(report)).json()["findings"] == []
    assert all(e["code"] != "RL012" for e in json.loads(base.read_text("utf-8"))["entries"])


def test_baseline_from_another_working_directory(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Entries are stored relative to the baseline file, so the cwd does not matter."""
    base = repo / "baseline.json"
    assert check("--baseline", str(base), str(repo / "2022.txt")).code == 0
    monkeypatch.chdir(repo)
    assert check("--baseline", "baseline.json", "2022.txt").json()["findings"] == []


def test_stale_entry_can_be_downgraded_by_config(repo: Path) -> None:
    base = repo / "baseline.json"
    check("--baseline", str(base), str(repo / "2022.txt"))
    report = repo / "2022.txt"
    report.write_text(report.read_text(encoding="utf-8").replace(BOGUS, ""), encoding="utf-8")
    (repo / "report-lint.toml").write_text('[severity]\nRL014 = "warning"\n', encoding="utf-8")
    r = check("--baseline", str(base), str(report))
    assert [f["severity"] for f in r.json()["findings"]] == ["warning"] and r.code == 0


def test_update_baseline_needs_baseline_and_bad_file_exits_two(repo: Path) -> None:
    assert check("--update-baseline", str(repo / "2022.txt")).code == 2
    (repo / "b.json").write_text("{", encoding="utf-8")
    r = check("--baseline", str(repo / "b.json"), str(repo / "2022.txt"))
    assert r.code == 2 and "基线" in r.err


def test_baseline_and_cache_together(repo: Path) -> None:
    """The cache holds pre-baseline results: editing the baseline takes effect at once."""
    base, cache = repo / "baseline.json", repo / "cache"
    args = ("--format", "json", "--cache-dir", str(cache), "--baseline", str(base))
    assert run_cli("check", *args, str(repo / "2022.txt")).code == 0
    assert run_cli("check", *args, str(repo / "2022.txt")).json()["findings"] == []
    base.write_text(json.dumps({"version": 1, "entries": []}), encoding="utf-8")
    r = run_cli("check", *args, str(repo / "2022.txt"))
    assert r.json()["findings"] and r.code == 1
