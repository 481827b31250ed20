"""TXT5xx over the shared corpus: the known defects are found, the real reports' correct
narrative counts are not flagged, and every one of those counts, once changed, is flagged."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REAL, SEEDS, seed
from report_lint.config import Config, ConfigResolver
from report_lint.engine import Linter
from report_lint.host import load_registry
from report_lint.loaders import load_document
from report_lint.report import build_report
from report_lint.source import InputError
from report_lint_builtin.dates.scan import prose
from report_lint_builtin.narrative.counts import report_claims
from report_lint_builtin.narrative.figures import readings

REGISTRY = load_registry()




def lint(path: Path, *codes: str) -> list:
    cfg = Config(select=list(codes or ("TXT",)))
    return Linter(REGISTRY, ConfigResolver.of(cfg)).check_file(path).findings


def corpus() -> list[Path]:
    files = sorted(SEEDS.glob("*.txt")) + sorted(p for p in REAL.glob("*") if p.name != "MANIFEST.tsv")
    return [p for p in files if p.is_file()]


def readable(path: Path):
    try:
        return build_report(load_document(path))
    except InputError:
        return None


# What the corpus must yield, and nothing else: (file, code, line).
EXPECTED = [
    ("003_b5ecdfd224abdf00.txt", "TXT510", 7),  # 市本级 (003-D1)
    ("003_b5ecdfd224abdf00.txt", "TXT510", 298),  # 市政府办公室 (003-D2)
    ("shanghai-bgt_2019.html", "TXT501", 1),  # 予以公开及部分公开258件 vs 275
    ("shanghai-bgt_2019.html", "TXT501", 1),  # 无法提供265件 vs 337
    ("pingtan-suping-pianqu_2019.txt", "TXT522", 10),  # 40条 vs 35
    ("pingtan-suping-pianqu_2021.txt", "TXT522", 10),  # 135条 vs 134
    ("pingtan-suping-pianqu_2023.txt", "TXT522", 10),  # 79条 vs 78
    ("pingtan-suping-pianqu_2024.txt", "TXT522", 10),  # 44条 vs 42 (manifest)
    ("shanghai-stcsm_2024.md", "TXT521", 34),  # 资金资金 (manifest)
    ("shanghai-stcsm_2024.md", "TXT520", 43),  # 均已办理完成 vs 1 件结转 (manifest)
]


def test_corpus_yields_the_known_defects_and_no_false_alarm() -> None:
    if not SEEDS.is_dir() or not REAL.is_dir():
        pytest.skip("shared corpus not present")
    found = []
    for path in corpus():
        for f in lint(path):
            if f.code.startswith("TXT"):
                found.append((path.name, f.code, f.line))
    expected = [e for e in EXPECTED if (SEEDS / e[0]).exists() or (REAL / e[0]).exists()]
    assert sorted(found) == sorted(expected)


def test_seed_003_level_words() -> None:
    findings = lint(seed("003"), "TXT510", "TXT511")
    assert [(f.code, f.line, f.severity) for f in findings] == [
        ("TXT510", 7, "error"), ("TXT510", 298, "error")]
    assert "「市本级」与发布机关昌图县人民政府办公室的层级（县）不符" in findings[0].message
    assert "应为「县政府办公室」" in findings[1].message
    assert all(f.fix is not None and f.fix.applicability == "unsafe" for f in findings)


def test_shanghai_narrative_figures_against_blank_total_cells() -> None:
    path = REAL / "shanghai-bgt_2019.html"
    if not path.is_file():
        pytest.skip("shanghai-bgt_2019.html not present")
    messages = [f.message for f in lint(path, "TXT501")]
    assert messages == [
        "正文「予以公开及部分公开258件」与统计表不符：表三「（一）予以公开」+「（二）部分公开」为 275（总计列空白，按各列之和）",
        "正文「因本机关不掌握等原因无法提供265件」与统计表不符：表三「（四）无法提供」各项为 337（总计列空白，按各列之和）",
    ]


def test_shanghai_stcsm_contradiction_and_doubled_word(tmp_path: Path) -> None:
    src = REAL / "shanghai-stcsm_2024.md"
    if not src.is_file():
        pytest.skip("shanghai-stcsm_2024.md not present")
    copy = tmp_path / "stcsm.txt"  # its text as a plain text file (the Markdown is a PDF's text)
    copy.write_text(src.read_text(encoding="utf-8"), encoding="utf-8")
    for path in (copy, src):
        if readable(path) is None:
            continue
        found = {(f.code, f.line) for f in lint(path, "TXT520", "TXT521")}
        assert ("TXT520", 43) in found and ("TXT521", 34) in found, (path, found)


def _claims_of(path: Path):
    """(report, claim, its readings) for every count the report states that its tables hold."""
    report = readable(path)
    if report is None:
        return
    for c in report_claims(report):
        if c.metric == "requests_none" or c.zero:
            continue
        options = readings(report, c.metric)
        if any(r.value == c.value for r in options):
            yield report, c, options


_NUMBER = re.compile(r"\d+")


def _mutations():
    if not SEEDS.is_dir() or not REAL.is_dir():
        return []
    out = []
    for path in corpus():
        for report, c, options in _claims_of(path):
            span = c.sentence.span(prose(report), c.start, c.end)
            raw = report.source.text[span.start:span.end]
            numbers = list(_NUMBER.finditer(raw))
            changed = int(c.value) + 1
            if numbers and all(r.value != changed for r in options):
                m = numbers[-1]
                out.append(pytest.param(path, span.start + m.start(), span.start + m.end(),
                                        str(changed), id=f"{path.name}@{span.start}"))
    return out


MUTATIONS = _mutations()


def test_the_corpus_has_narrative_counts_to_change() -> None:
    if not MUTATIONS:
        pytest.skip("shared corpus not present")
    assert len(MUTATIONS) >= 25


@pytest.mark.parametrize("path, start, end, value", MUTATIONS)
def test_a_changed_narrative_count_is_found(path: Path, start: int, end: int, value: str,
                                            tmp_path: Path) -> None:
    report = build_report(load_document(path))
    text = report.source.text
    target = tmp_path / path.name
    target.write_text(text[:start] + value + text[end:], encoding="utf-8")
    before = {(f.line, f.message) for f in lint(path, "TXT501")}
    after = [f for f in lint(target, "TXT501") if (f.line, f.message) not in before]
    assert len(after) == 1, [f.message for f in after]
    line = text.count("\n", 0, start) + 1
    assert after[0].line == line and f"{value}" in after[0].message
