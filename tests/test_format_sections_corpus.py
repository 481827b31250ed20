"""FMT and SEC rules over the shared corpus (skipped when `../shared` is absent).

Ground truth: domain.md §6 for the seeds and MANIFEST.tsv for the real reports —
- seed 000 lacks 六 (SEC201 error), seed 002 uses 一 twice (SEC203 error) and Henan's
  `保留4位小数` label (FMT106 info); seed 001 (镇人民政府) lacks 考核/评议/责任追究 (SEC207 warning)
  and, like 002, says only 无 in 六 (SEC208 warning); seed 004 (街道) gets no SEC207;
- 海坛 2021/2022 use the old template (FMT101 error); 海坛 2023 (text and web page) and 洪泽 2023
  have a single （六）其他处理 row in a 2023 table 三 (FMT101/FMT102);
- no FMT/SEC error on seeds 001, 003, 004 nor on any report without such a defect (2019/2020
  reports on the 2019 format included).
The fault tool's FMT/SEC mutants (a section dropped or renumbered, old headers in a 2021 table,
a 2019-format report moved two years on) must each gain a finding of their family, except where
the original already has the same defect.
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
# Real reports with a FMT/SEC defect of error severity (MANIFEST.tsv, domain.md §4.2/§6).
KNOWN_ERRORS = {
    "pingtan-haitan-pianqu_2021.txt": {"FMT101"},
    "pingtan-haitan-pianqu_2022.txt": {"FMT101"},
    "pingtan-haitan-pianqu_2023.txt": {"FMT101", "FMT102"},
    "pingtan-html-haitan_2023.html": {"FMT101", "FMT102"},
    "hongze-district_2023.pdf": {"FMT101", "FMT102"},
    "shanghai-stcsm_2024.md": {"SEC201", "SEC203", "SEC204"},  # two numbering systems
}
# Mutants that cannot gain a finding: the original has the very same defect.
SAME_DEFECT = {("pingtan-haitan-pianqu_2021.txt", "2019-format-report-moved-to-year+2"),
               ("pingtan-haitan-pianqu_2022.txt", "2019-format-report-moved-to-year+2"),
               # PDF extraction put table 二's rows before its header: the table is unbound
               # (RL004), so renaming its column headers cannot add a format finding.
               ("shanghai-stcsm_2024.md", "old-table-2-headers-in-2021-format")}




def lint(path: Path, data: bytes | None = None) -> FileResult:
    return Linter(REGISTRY, ConfigResolver.of(Config(select=["FMT", "SEC", "RL009"]))).check_file(path, data)


@lru_cache(maxsize=None)
def findings(path: Path) -> list[tuple[str, str, int, str]]:
    """(code, severity, line, message) of the FMT/SEC findings (and rule crashes) of one file.

    A file whose format has no loader yet is skipped, not failed.
    """
    result = lint(path)
    if result.error is not None:
        pytest.skip(f"{path.name}: {result.error}")
    return [(f.code, f.severity, f.line, f.message) for f in result.findings]


def seed(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} not present")
    return found[0]


def codes(path: Path, severity: str | None = None) -> list[str]:
    return [c for c, s, _, _ in findings(path) if severity is None or s == severity]


def real_files() -> list[Path]:
    return sorted(p for p in REAL.glob("*.*") if p.suffix != ".tsv") if REAL.is_dir() else []


def test_no_rule_crashes_anywhere() -> None:
    for path in sorted(SEEDS.glob("*.txt")) + real_files():
        result = lint(path)
        assert not [f for f in result.findings if f.code == "RL009"], path.name


def test_seed_000_missing_section_six() -> None:
    path = seed("000")
    hits = [(s, line, m) for c, s, line, m in findings(path) if c == "SEC201"]
    assert len(hits) == 1
    severity, line, message = hits[0]
    assert severity == "error" and "缺少第六部分「六、其他需要报告的事项」" in message
    assert line >= 342  # the end of 五, where 六 belongs
    assert codes(path, "error") == ["SEC201"]


def test_seed_002_duplicate_numeral_and_local_label() -> None:
    path = seed("002")
    errors = [(c, line, m) for c, s, line, m in findings(path) if s == "error"]
    assert len(errors) == 1 and errors[0][:2] == ("SEC203", 3)
    assert "「一」重复" in errors[0][2]
    assert ("FMT106", "info", 41) in [(c, s, line) for c, s, line, _ in findings(path)]
    assert "SEC208" in codes(path, "warning")


def test_seed_001_town_government_without_assessment_or_fee() -> None:
    path = seed("001")
    assert codes(path, "error") == []
    warnings = codes(path, "warning")
    assert "SEC207" in warnings and "SEC208" in warnings


@pytest.mark.parametrize("prefix", ["003", "004"])
def test_clean_seeds(prefix: str) -> None:
    path = seed(prefix)
    assert codes(path, "error") == []
    assert "SEC207" not in codes(path)


def test_old_template_in_2021_and_2022() -> None:
    for name in ("pingtan-haitan-pianqu_2021.txt", "pingtan-haitan-pianqu_2022.txt"):
        path = REAL / name
        if not path.is_file():
            pytest.skip(f"{name} not present")
        hits = [m for c, s, _, m in findings(path) if c == "FMT101" and s == "error"]
        assert len(hits) == 1 and "仍为2019年试行格式" in hits[0], name


@pytest.mark.parametrize("name", ["pingtan-html-haitan_2023.html", "pingtan-haitan-pianqu_2023.txt",
                                  "hongze-district_2023.pdf"])
def test_single_other_row_in_2023(name: str) -> None:
    path = REAL / name
    if not path.is_file():
        pytest.skip(f"{name} not present")
    found = findings(path)
    fmt101 = [m for c, s, _, m in found if c == "FMT101" and s == "error"]
    assert fmt101 and "表三仍为2019年试行格式" in fmt101[0] and "（六）" in fmt101[0]
    assert "FMT102" in codes(path, "error")


@pytest.mark.parametrize("path", real_files(), ids=lambda p: p.name)
def test_no_error_without_a_known_defect(path: Path) -> None:
    errors = set(codes(path, "error"))
    assert errors <= KNOWN_ERRORS.get(path.name, set()), errors


def test_suping_fee_section_is_a_warning_not_an_error() -> None:
    path = REAL / "pingtan-suping-pianqu_2023.txt"
    if not path.is_file():
        pytest.skip("not present")
    assert codes(path, "error") == []
    assert {"SEC201", "SEC202"} <= set(codes(path, "warning"))


def _faults():
    tool = SHARED / "tools" / "faults.py"
    if not tool.is_file():
        pytest.skip("fault tool not present")
    spec = importlib.util.spec_from_file_location("faults", tool)
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("faults", mod)
    spec.loader.exec_module(mod)
    return mod


def _family_count(path: Path, text: str | None, family: str) -> int:
    result = lint(path, text.encode("utf-8") if text is not None else None)
    return sum(1 for f in result.findings if f.code.startswith(family))


def test_injected_faults_are_found() -> None:
    faults = _faults()
    files = sorted(SEEDS.glob("*.txt")) + [p for p in real_files() if p.suffix in (".txt", ".md")]
    missed, total = [], 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        if lint(path).error is not None:
            continue
        for name, family, mutant in faults.mutants(text):
            if family not in ("FMT", "SEC") or (path.name, name) in SAME_DEFECT:
                continue
            total += 1
            if _family_count(path, mutant, family) <= _family_count(path, text, family):
                missed.append(f"{path.name}:{name}")
    assert total > 0 and missed == []
