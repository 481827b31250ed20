"""The pre-commit hook, run by the real pre-commit (`pre-commit try-repo`).

pre-commit installs the hook repository into a fresh virtualenv with pip, so this test needs the
`pre-commit` package and network access to the package index; it is skipped without pre-commit or
git. The hook repository is a temporary git repository holding a copy of this working tree
(tracked and untracked, not ignored files), so the test checks the code as it is now, committed or
not; the report repository is another temporary git repository.
"""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, REPO, run_cli

DEFECTS = EXAMPLES / "2022-qinghe-county-office-defects.txt"
CLEAN = EXAMPLES / "2023-qinghe-natural-resources.txt"
GIT_ID = ["-c", "user.name=report-lint tests", "-c", "user.email=tests@example.invalid",
          "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]


def pre_commit() -> list[str]:
    if importlib.util.find_spec("pre_commit") is not None:
        return [sys.executable, "-m", "pre_commit"]
    exe = shutil.which("pre-commit")
    if exe is None:
        pytest.skip("pre-commit is not installed")
    return [exe]


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *GIT_ID, *args], cwd=cwd, check=True, capture_output=True,
                          text=True).stdout


def tree_files() -> list[str]:
    """Files of this working tree that git would see (tracked or untracked, not ignored)."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    try:
        out = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO)
    except subprocess.CalledProcessError:
        pytest.skip("not a git working tree")
    return [f for f in out.split("\0") if f and (REPO / f).is_file()]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = tree_files()
    if ".pre-commit-hooks.yaml" not in files:
        pytest.skip("no .pre-commit-hooks.yaml")
    dest = tmp_path_factory.mktemp("hook-repo")
    for f in files:
        (dest / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / f, dest / f)
    git("init", "-q", cwd=dest)
    git("add", "-A", cwd=dest)
    git("commit", "-q", "-m", "snapshot for the pre-commit test", cwd=dest)
    return dest


def try_repo(hook_repo: Path, report: Path, home: Path) -> subprocess.CompletedProcess:
    work = report.parent
    git("init", "-q", cwd=work)
    git("add", report.name, cwd=work)
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run([*pre_commit(), "try-repo", str(hook_repo), "report-lint", "--files",
                           report.name, "--verbose"], cwd=work, env=env, capture_output=True,
                          text=True, timeout=900)


def test_try_repo_fails_a_report_with_errors_and_prints_findings(
        hook_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    home = tmp_path_factory.mktemp("pre-commit-home")
    work = tmp_path_factory.mktemp("reports")
    report = work / "report.txt"
    shutil.copy(DEFECTS, report)
    expected = run_cli("check", "--no-cache", "--format", "json", str(report)).json()["findings"]
    assert any(f["severity"] == "error" for f in expected)

    p = try_repo(hook_repo, report, home)
    out = p.stdout + p.stderr
    assert p.returncode == 1, out
    assert "Failed" in out and "report.txt:" in out
    for f in expected:
        assert f"report.txt:{f['line']}:{f['column']}: {f['code']}" in out

    clean_work = tmp_path_factory.mktemp("clean-reports")
    shutil.copy(CLEAN, clean_work / "report.txt")
    p = try_repo(hook_repo, clean_work / "report.txt", home)  # reuses the hook's environment
    assert p.returncode == 0, p.stdout + p.stderr
    assert "Passed" in p.stdout


def test_fix_hook_fixes_the_file_and_fails_the_commit(
        hook_repo: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    """`report-lint-fix` rewrites the file (规范性文件 → 行政规范性文件 in a 2021 table); pre-commit
    then fails the hook because a file changed, and a second run passes the fixed file."""
    home = tmp_path_factory.mktemp("pre-commit-home-fix")
    work = tmp_path_factory.mktemp("fix-reports")
    report = work / "report.txt"
    text = CLEAN.read_text(encoding="utf-8")
    assert "\n行政规范性文件" in text
    report.write_text(text.replace("\n行政规范性文件", "\n规范性文件", 1), encoding="utf-8")
    git("init", "-q", cwd=work)
    git("add", report.name, cwd=work)
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    cmd = [*pre_commit(), "try-repo", str(hook_repo), "report-lint-fix", "--files", report.name,
           "--verbose"]
    p = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True, timeout=900)
    assert p.returncode == 1, p.stdout + p.stderr
    assert "files were modified by this hook" in p.stdout
    assert report.read_text(encoding="utf-8") == text
    git("add", report.name, cwd=work)
    p = subprocess.run(cmd, cwd=work, env=env, capture_output=True, text=True, timeout=900)
    assert p.returncode == 0, p.stdout + p.stderr
