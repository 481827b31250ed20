"""Real installs: report-lint and the example province plugin installed with pip (not editable)
into a temporary folder, then run from there.

Checks that the first-party packs ship in a non-editable install, that installing a plugin adds
its rules to `report-lint rules` without enabling them, that the plugin's own tests pass against
the installed copy, and that a third-party plugin whose module raises on import is reported by
name while the run goes on. pip builds both distributions (about 10 s); the test is skipped when
pip cannot build them (no package index and no cached setuptools).
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, seed

EXAMPLE = REPO / "plugins" / "report-lint-example-province"
TIMEOUT = 300


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    cmd = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
           "--no-deps", "--target", str(target), str(REPO), str(EXAMPLE)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pytest.skip("pip install took too long (offline?)")
    if done.returncode != 0:
        pytest.skip(f"pip could not build the distributions: {done.stderr.strip()[-300:]}")
    return target


def run(site: Path, *args: str, cwd: Path, extra_path: Path | None = None) -> subprocess.CompletedProcess:
    """`python -m report_lint ARGS` importing report-lint and plugins from `site` only."""
    paths = [str(p) for p in (extra_path, site) if p is not None]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def test_first_party_packs_ship_in_a_non_editable_install(site: Path, tmp_path: Path) -> None:
    shipped = {p.name for p in (site / "report_lint_rules" / "packs").glob("*.toml")}
    assert {"henan.toml", "guangdong.toml", "sichuan.toml"} <= shipped
    where = run(site, "-c", "import report_lint_rules; print(report_lint_rules.__file__)", cwd=tmp_path)
    assert where.stdout.startswith(str(site))  # the installed copy, not the source tree


def test_installed_plugin_adds_its_rules_to_report_lint_rules(site: Path, tmp_path: Path) -> None:
    out = run(site, "-m", "report_lint", "rules", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    lines = {line.split()[0]: line for line in out.stdout.splitlines() if line.startswith(("EXP", "HEN"))}
    assert {"EXP001", "EXP101", "HEN001"} <= set(lines)
    assert lines["EXP001"].split()[1] == "·"  # installed, not enabled
    assert "规则包 example-province：未启用" in out.stdout
    (tmp_path / "report-lint.toml").write_text('packs = ["example-province"]\n', encoding="utf-8")
    out = run(site, "-m", "report_lint", "rules", cwd=tmp_path)
    assert "规则包 example-province：已启用" in out.stdout


def test_installed_plugin_rules_run_only_when_named(site: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    report.write_text("五、存在的主要问题及改进情况\n一是公开质量不高。\n", encoding="utf-8")
    args = ("-m", "report_lint", "--no-cache", "--select", "EXP", str(report))
    before = run(site, *args, cwd=tmp_path)
    assert before.returncode == 0 and "EXP101" not in before.stdout, before.stderr
    (tmp_path / "report-lint.toml").write_text('packs = ["example-province"]\n', encoding="utf-8")
    assert "EXP101" in run(site, *args, cwd=tmp_path).stdout


def test_example_plugin_tests_pass_against_the_installed_copy(site: Path) -> None:
    out = run(site, "-m", "pytest", "-p", "no:cacheprovider", "-q", str(EXAMPLE / "tests"), cwd=EXAMPLE)
    assert out.returncode == 0, out.stdout[-2000:] + out.stderr[-2000:]


def test_plugin_raising_on_import_is_named_and_the_run_goes_on(site: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken-site"
    dist = broken / "report_lint_broken-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: report-lint-broken\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[report_lint]\nbroken = report_lint_broken\n")
    (broken / "report_lint_broken.py").write_text("raise RuntimeError('省级插件初始化失败')\n")
    out = run(site, "-m", "report_lint", "--no-cache", str(seed("000")), cwd=tmp_path, extra_path=broken)
    assert out.returncode == 2
    assert "RL010" in out.stdout and "插件 broken" in out.stdout and "省级插件初始化失败" in out.stdout
    assert "SEC201" in out.stdout  # the built-in rules still ran (seed 000 lacks 六)
    assert "Traceback" not in out.stdout + out.stderr
