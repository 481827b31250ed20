"""TOT rules over the shared corpus (skipped when ../shared is absent).

Ground truth: domain.md §6 (seeds: every relation holds in 000–004; 004 has blank cells in table
二) and corpus/real/MANIFEST.tsv (海坛 2021/2022/2024/2025 arithmetic defects; blanks in the
Shanghai 2019 and other HTML/PDF/Markdown reports). Also: one table cell changed by one, as
`shared/tools/faults.py` does it, must give a TOT finding the unchanged report does not have.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from conftest import REAL, SEEDS, SHARED, real, seed
from report_lint.config import Config, ConfigResolver
from report_lint.engine import Linter
from report_lint.host import load_registry

REGISTRY = load_registry()




LINTER = Linter(REGISTRY, ConfigResolver.of(Config(select=["TOT", "RL009"])))


def tot(path: Path, data: bytes | None = None) -> list:
    """TOT findings of one file; skip when its format cannot be read yet."""
    result = LINTER.check_file(path, data)
    if result.error is not None:
        pytest.skip(f"{path.name}: {result.error}")
    assert not [f for f in result.findings if f.code == "RL009"], "a TOT rule crashed"
    return [f for f in result.findings if f.code.startswith("TOT")]


def errors(found: list) -> list:
    return [f for f in found if f.severity == "error"]


# --- seeds ----------------------------------------------------------------------------------

@pytest.mark.parametrize("prefix", ["000", "001", "002", "003"])
def test_clean_seeds_have_no_tot_finding(prefix: str) -> None:
    found = tot(seed(prefix))
    assert found == [], [f.message for f in found]


def test_seed_004_blank_regulation_cells_are_one_warning() -> None:
    found = tot(seed("004"))
    assert [(f.code, f.severity) for f in found] == [("TOT310", "warning")]
    f = found[0]
    assert "表二 第二十条第（一）项" in f.message and "4 个单元格空白" in f.message
    assert 13 <= f.line <= 18  # the 规章 / 规范性文件 rows (L13–L18)


# --- real reports: known defects ---------------------------------------------------------------

def test_haitan_2021_total_without_results() -> None:
    found = tot(real("pingtan-haitan-pianqu_2021.txt"))
    assert [f.code for f in errors(found)] == ["TOT305"]
    f = found[0]
    assert "表三 （七）总计·自然人 应为 0，实为 1" in f.message
    assert f.fix is not None and f.fix.applicability == "unsafe"


def test_haitan_2022_total_row_left_at_zero() -> None:
    found = errors(tot(real("pingtan-haitan-pianqu_2022.txt")))
    assert [f.code for f in found] == ["TOT305", "TOT305"]
    assert "（七）总计·自然人 应为 4，实为 0" in found[0].message
    assert "（七）总计·总计 应为 4，实为 0" in found[1].message


@pytest.mark.parametrize("year, rows", [
    (2024, ["一、本年新收", "（四）1.本机关不掌握", "（四）3.补正后", "（六）1.申请人", "（六）3.其他",
            "（七）总计行"]),
    (2025, ["一、本年新收", "（二）部分公开", "（四）1.本机关不掌握", "（七）总计行"]),
])
def test_haitan_total_column_left_at_zero(year: int, rows: list[str]) -> None:
    found = errors(tot(real(f"pingtan-haitan-pianqu_{year}.txt")))
    row_totals = [f for f in found if f.code == "TOT303"]
    assert len(row_totals) == len(rows)
    for f, name in zip(row_totals, rows):
        assert name in f.message and "总计（0）比" in f.message


def test_haitan_2024_results_exceed_total() -> None:
    found = errors(tot(real("pingtan-haitan-pianqu_2024.txt")))
    assert any(f.code == "TOT302" and "自然人列：（七）总计（5）" in f.message for f in found)


def test_hongze_table_four_group_totals() -> None:
    found = errors(tot(real("hongze-district_2023.pdf")))
    msgs = [f.message for f in found if f.code == "TOT304"]
    assert any("行政复议" in m for m in msgs) and any("复议后起诉" in m for m in msgs)


@pytest.mark.parametrize("name", ["shanghai-bgt_2019.html", "shuyang-fgj_2023.html",
                                  "pingtan-html-jingfa_2021.html", "shanghai-stcsm_2024.md"])
def test_blank_cells_are_warnings(name: str) -> None:
    found = tot(real(name))
    blanks = [f for f in found if f.code == "TOT310"]
    assert blanks and all(f.severity == "warning" for f in blanks)
    assert len(blanks) <= 3  # one per block, not one per cell


# --- real reports whose arithmetic holds ---------------------------------------------------------

CLEAN = ["pingtan-haitan-pianqu_2019.txt", "pingtan-haitan-pianqu_2020.txt",
         "pingtan-haitan-pianqu_2023.txt", "pingtan-html-haitan_2023.html",
         "pingtan-html-pingtan_2024.html", "shuyang-fgj_2023.html"] + [
    f"pingtan-suping-pianqu_{y}.txt" for y in range(2019, 2026)]


@pytest.mark.parametrize("name", CLEAN)
def test_balanced_real_reports_get_no_tot_error(name: str) -> None:
    found = errors(tot(real(name)))
    assert found == [], [f.message for f in found]


# --- injected faults ------------------------------------------------------------------------

def _faults():
    path = SHARED / "tools" / "faults.py"
    if not path.is_file():
        pytest.skip("shared/tools/faults.py not present")
    spec = importlib.util.spec_from_file_location("faults", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def _text_reports() -> list[Path]:
    files = sorted(SEEDS.glob("*.txt")) + sorted(REAL.glob("*.txt")) if SEEDS.is_dir() else []
    return files or [Path("absent")]


@pytest.mark.parametrize("path", _text_reports(), ids=lambda p: p.name)
def test_one_cell_off_by_one_gains_a_tot_finding(path: Path, tmp_path: Path) -> None:
    if not path.is_file():
        pytest.skip("shared corpus not present")
    faults = _faults()
    text = path.read_text(encoding="utf-8")
    base = len(tot(path))
    mutants = [(n, t) for n, fam, t in faults.mutants(text) if fam == "TOT"]
    for name, mutated in mutants:
        target = tmp_path / f"{name}.txt"
        target.write_text(mutated, encoding="utf-8")
        assert len(tot(target)) > base, f"{path.name}: {name} not found"
