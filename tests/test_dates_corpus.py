"""DAT rules over the shared corpus (skipped when `../shared` is absent).

Ground truth: domain.md §6 for the seeds (no DAT error; 001/004 "今年以来" is info only; seed 000's
"2021年" plan is fine) and MANIFEST.tsv for the real reports (海坛 2019 and 苏平 2019 count from
9月1日; 苏平 2019 is signed 2019年1月3日). The fault tool's DAT mutants (a period ending 6月30日, a
title year one off) must each gain a DAT finding.
"""
from __future__ import annotations

import importlib.util
import sys
from functools import lru_cache
from pathlib import Path

import pytest

from conftest import REAL, SEEDS, SHARED
from report_lint.config import Config, ConfigResolver
from report_lint.engine import FileResult, Linter
from report_lint.host import load_registry

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="shared corpus not present")

REGISTRY = load_registry()
KNOWN_ERRORS = {  # real report → the DAT errors MANIFEST.tsv documents
    "pingtan-haitan-pianqu_2019.txt": ["DAT402"],
    "pingtan-suping-pianqu_2019.txt": ["DAT402", "DAT408"],
}




def lint(path: Path, data: bytes | None = None) -> FileResult:
    return Linter(REGISTRY, ConfigResolver.of(Config(select=["DAT", "RL009"]))).check_file(path, data)


@lru_cache(maxsize=None)
def findings(path: Path) -> list[tuple[str, str, int, str]]:
    """(code, severity, line, message) of the DAT findings (and rule crashes) of one file.

    A file whose format has no loader yet (PDF, HTML …) is skipped, not failed.
    """
    result = lint(path)
    if result.error is not None:
        pytest.skip(f"{path.name}: {result.error}")
    return [(f.code, f.severity, f.line, f.message) for f in result.findings
            if f.code.startswith("DAT") or f.code == "RL009"]


def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


def real_files() -> list[Path]:
    if not REAL.is_dir():
        return []
    return sorted(p for p in REAL.iterdir() if p.suffix in (".txt", ".md", ".html", ".pdf"))


def codes(path: Path, severity: str | None = None) -> list[str]:
    return [c for c, sev, _, _ in findings(path) if severity is None or sev == severity]


# --- seeds ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", seed_files(), ids=lambda p: p.name[:3])
def test_seeds_get_no_dat_error(path: Path) -> None:
    assert codes(path, "error") == [], findings(path)
    assert "RL009" not in codes(path)


def test_seed_000_plan_for_next_year_is_fine() -> None:
    assert findings(SEEDS / _seed("000")) == []


def test_seed_003_is_clean() -> None:
    assert findings(SEEDS / _seed("003")) == []


@pytest.mark.parametrize("prefix, line", [("001", 5), ("004", 2)])
def test_jinnian_yilai_is_info_only(prefix: str, line: int) -> None:
    got = [(c, sev, ln) for c, sev, ln, msg in findings(SEEDS / _seed(prefix)) if c == "DAT407"]
    assert got == [("DAT407", "info", line)]


@pytest.mark.parametrize("prefix", ["001", "002", "004"])
def test_seeds_without_a_period_sentence_get_a_warning(prefix: str) -> None:
    got = [(c, sev, ln) for c, sev, ln, _ in findings(SEEDS / _seed(prefix)) if c == "DAT403"]
    assert got == [("DAT403", "warning", 1)]


def _seed(prefix: str) -> str:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} not present")
    return found[0].name


# --- real reports --------------------------------------------------------------------------------

@pytest.mark.parametrize("path", real_files(), ids=lambda p: p.name)
def test_real_reports_dat_errors_are_the_known_ones(path: Path) -> None:
    assert "RL009" not in codes(path), findings(path)
    assert sorted(codes(path, "error")) == KNOWN_ERRORS.get(path.name, []), findings(path)


def test_haitan_2019_counts_from_september() -> None:
    got = [(ln, msg) for c, _, ln, msg in findings(_real("pingtan-haitan-pianqu_2019.txt"))
           if c == "DAT402"]
    assert len(got) == 1 and "2019年9月1日" in got[0][1]


def test_suping_2019_partial_period_and_signature() -> None:
    result = lint(_real("pingtan-suping-pianqu_2019.txt"))
    by_code = {f.code: f for f in result.findings}
    assert "2019年9月1日" in by_code["DAT402"].message
    sig = by_code["DAT408"]
    assert "2019年1月3日" in sig.message
    text = _real("pingtan-suping-pianqu_2019.txt").read_text(encoding="utf-8")
    edit = sig.fix.edits[0]
    assert text[edit.start:edit.end] == "2019" and edit.replacement == "2020"
    assert text[sig.fix.edits[0].start:].startswith("2019年1月3日")


def _real(name: str) -> Path:
    p = REAL / name
    if not p.is_file():
        pytest.skip(f"{name} not present")
    return p


# --- injected faults -----------------------------------------------------------------------------

def _faults():
    tool = SHARED / "tools" / "faults.py"
    if not tool.is_file():
        return None
    spec = importlib.util.spec_from_file_location("shared_faults", tool)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("shared_faults", module)
    spec.loader.exec_module(module)
    return module


def dat_mutants() -> list:
    faults = _faults()
    if faults is None:
        return []
    out = []
    for path in seed_files() + [p for p in real_files() if p.suffix in (".txt", ".md")]:
        text = path.read_text(encoding="utf-8", errors="replace")
        for name, family, mutated in faults.mutants(text):
            if family == "DAT":
                out.append(pytest.param(path, mutated, id=f"{path.stem[:24]}-{name}"))
    return out


@pytest.mark.parametrize("path, mutated", dat_mutants())
def test_injected_date_faults_are_found(path: Path, mutated: str, tmp_path: Path) -> None:
    base = tmp_path / path.name
    base.write_text(path.read_text(encoding="utf-8", errors="replace"), encoding="utf-8")
    mutant = tmp_path / f"{path.stem}__mutant{path.suffix}"
    mutant.write_text(mutated, encoding="utf-8")
    before = [f.code for f in lint(base).findings if f.code.startswith("DAT")]
    after = [f.code for f in lint(mutant).findings if f.code.startswith("DAT")]
    assert len(after) > len(before), (before, after)
