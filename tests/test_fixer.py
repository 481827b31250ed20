"""The fix loop: non-overlapping edits, convergence, cycles, the pass limit, and never keeping a
result that parses worse or has more errors — on small reports with test rules, and on the
shared corpus."""
from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace
from typing import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REAL, real, seed
from report_lint.config import Config, ConfigResolver
from report_lint.engine import FileResult, Linter
from report_lint.findings import Edit, Finding, Fix
from report_lint.fixer import MAX_PASSES, apply_fixes, fix_file, fix_text
from report_lint.host import Registry, load_registry
from report_lint.rules import rule
from report_lint.source import Source, Span

REPORT = """某县人民政府2023年政府信息公开工作年度报告
本报告所列数据的统计期限为2023年1月1日至2023年12月31日。
一、总体情况
本机关甲乙丙。
二、主动公开政府信息情况
本年主动公开信息。
三、收到和处理政府信息公开申请情况
本年未收到申请。
"""


def _word_rule(code: str, word: str, new: str, applicability: str = "safe",
               severity: str = "warning"):
    """A test rule: every `word` is a finding whose fix writes `new` in its place."""

    @rule(code, f"test-{code.lower()}", "测试规则", severity=severity, fix=applicability)
    def check(report, ctx) -> Iterator[Finding]:
        """Test rule.

        ## What it checks
        x
        ## Why
        x
        ## Example
        x
        ## Fix safety
        x
        ## Basis
        x
        """
        for m in re.finditer(re.escape(word), report.source.text):
            fix = None if new is None else Fix.replace(Span(m.start(), m.end()), new, applicability)
            yield ctx.finding(f"出现「{word}」", Span(m.start(), m.end()), fix=fix)

    return check




def _linter(*rules, select=("ZZ",)) -> Linter:
    reg = Registry()
    for r in rules:
        reg.add_rule(r, "test")
    return Linter(reg, ConfigResolver.of(Config(select=list(select))), keep_reports=True)


def _fix(tmp_path: Path, text: str, *rules, unsafe: bool = False):
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    return fix_file(_linter(*rules), path, path.read_bytes(), unsafe=unsafe)


def test_safe_fix_converges(tmp_path: Path) -> None:
    out = _fix(tmp_path, REPORT, _word_rule("ZZ001", "甲乙", "丁"))
    assert out.text == REPORT.replace("甲乙", "丁")
    assert (out.fixed, out.passes, out.notes) == (1, 1, [])
    assert out.result.findings == []


def test_unsafe_fix_needs_unsafe(tmp_path: Path) -> None:
    r = _word_rule("ZZ001", "丙", "丁", "unsafe")
    assert not _fix(tmp_path, REPORT, r).changed
    assert _fix(tmp_path, REPORT, r, unsafe=True).text == REPORT.replace("丙", "丁")


def test_overlapping_fixes_wait_for_the_next_pass(tmp_path: Path) -> None:
    # 甲乙 → 丁 and 乙丙 → 戊 overlap on 乙: the first in text order is applied; the second is
    # looked for again on the new text (where 乙丙 is gone).
    out = _fix(tmp_path, REPORT, _word_rule("ZZ001", "甲乙", "丁"), _word_rule("ZZ002", "乙丙", "戊"))
    assert "本机关丁丙。" in out.text and out.notes == []


def test_identical_fixes_apply_once_and_count_for_each_finding() -> None:
    fx = Fix.replace(Span(0, 1), "b")
    f1, f2 = Finding("ZZ001", "m", fix=fx), Finding("ZZ002", "m", fix=fx)
    src = Source("x.txt", "a")
    results = iter([_result([f1, f2]), _result([])])
    out = fix_text(src, next(results), lambda text: next(results))
    assert (out.text, out.fixed) == ("b", 2)


def test_fixes_undoing_each_other_stop(tmp_path: Path) -> None:
    out = _fix(tmp_path, REPORT, _word_rule("ZZ001", "甲", "乙"), _word_rule("ZZ002", "乙", "甲"))
    assert any("相互抵消" in n for n in out.notes)
    assert out.passes <= 2


def test_pass_limit(tmp_path: Path) -> None:
    out = _fix(tmp_path, REPORT, _word_rule("ZZ001", "丙", "丙丙"))
    assert out.passes == MAX_PASSES
    assert any("仍未稳定" in n for n in out.notes)
    assert out.text.count("丙") == 2 ** MAX_PASSES  # each pass was a valid result


def test_fix_that_breaks_the_parse_is_not_applied(tmp_path: Path) -> None:
    # Removing a section heading loses a section: that fix is set aside, the other one kept.
    out = _fix(tmp_path, REPORT, _word_rule("ZZ001", "二、主动公开政府信息情况", "主动公开"),
               _word_rule("ZZ002", "甲", "丁"))
    assert "二、主动公开政府信息情况" in out.text and "本机关丁乙丙" in out.text
    assert any("ZZ001" in n and "无法完整解析" in n for n in out.notes)


def test_fix_that_adds_errors_is_not_applied(tmp_path: Path) -> None:
    out = _fix(tmp_path, REPORT, _word_rule("ZZ001", "甲", "错"),
               _word_rule("ZZ002", "错", None, severity="error"))
    assert not out.changed
    assert any("会增加错误级问题" in n for n in out.notes)


def test_result_worse_than_the_original_is_not_kept() -> None:
    """The final check compares with the original, whatever the passes did."""
    src = Source("x.txt", "ab")
    fixes = [Finding("ZZ001", "m", fix=Fix.replace(Span(0, 1), "c"), severity="warning")]
    results = iter([_result(fixes), _result([]), ])
    out = fix_text(src, next(results), lambda text: next(results))
    assert out.text == "cb"
    worse = Finding("ZZ002", "m", severity="error")
    results = iter([_result(fixes), _result([worse])])
    out = fix_text(src, next(results), lambda text: next(results))
    assert not out.changed and out.fixed == 0 and out.notes


def test_unstructured_input_is_not_fixed(tmp_path: Path) -> None:
    reg_rules = [_word_rule("ZZ001", "甲", "丁")]
    path = tmp_path / "r.txt"
    path.write_text("甲甲甲\n", encoding="utf-8")
    linter = _linter(*reg_rules, select=("ZZ", "RL003"))
    linter.registry.rules.update({k: v for k, v in load_registry().rules.items() if k == "RL003"})
    out = fix_file(linter, path, path.read_bytes())
    assert not out.changed and out.notes == ["未识别出报告结构，不自动修复"]


def _result(findings: list[Finding]) -> FileResult:
    report = SimpleNamespace(document=SimpleNamespace(sections=[1]), tables={},
                             source=Source("x.txt", ""))
    return FileResult("x.txt", findings, report=report)


# -- property: whatever the fixes, text outside the applied edits is never lost ---------------

_TEXT = st.text(alphabet=st.sampled_from("规范性文件一二三、\n\r |0123 aé€"), max_size=60)


@st.composite
def _text_and_edits(draw):
    text = draw(_TEXT)
    n = len(text)
    edits = []
    for _ in range(draw(st.integers(0, 6))):
        a = draw(st.integers(0, n))
        b = draw(st.integers(a, min(n, a + 5)))
        edits.append(Edit(a, b, draw(st.text(alphabet="行政规范\n", max_size=4))))
    return text, edits


@settings(max_examples=300, deadline=None)
@given(_text_and_edits())
def test_fixer_never_loses_text_outside_edits(case) -> None:
    text, edits = case
    src = Source("x.txt", text)
    findings = [Finding("ZZ001", "m", fix=Fix((e,))) for e in edits]
    calls = iter([_result([])] * 20)
    out = fix_text(src, _result(findings), lambda t: next(calls))
    assert len(out.applied) <= 1
    applied = [e for fx in (out.applied[0] if out.applied else []) for e in fx.edits]
    # The applied edits are some of the proposed ones and do not overlap …
    assert all(e in edits for e in applied)
    spans = sorted((e.start, e.end) for e in applied)
    assert all(a[1] <= b[0] and not (a == b) for a, b in zip(spans, spans[1:]))
    # … and every character outside them is where it was, in order.
    pos = 0
    expect = []
    for e in sorted(applied, key=lambda e: e.start):
        expect += [text[pos:e.start], e.replacement]
        pos = e.end
    expect.append(text[pos:])
    assert out.text == "".join(expect)


@settings(max_examples=300, deadline=None)
@given(_text_and_edits())
def test_apply_fixes_keeps_every_gap(case) -> None:
    text, edits = case
    chosen: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if not chosen or chosen[-1].end < e.start:
            chosen.append(e)
    out = apply_fixes(text, [Fix((e,)) for e in chosen])
    # Walk the output: gaps come back verbatim between the replacements.
    pos, cursor = 0, 0
    for e in chosen:
        gap = text[pos:e.start]
        assert out[cursor:cursor + len(gap)] == gap
        cursor += len(gap) + len(e.replacement)
        pos = e.end
    assert out[cursor:] == text[pos:]


def test_overlapping_edits_are_refused() -> None:
    with pytest.raises(ValueError):
        apply_fixes("abc", [Fix((Edit(0, 2, "x"),)), Fix((Edit(1, 3, "y"),))])


# -- the built-in rules on real reports ------------------------------------------------------

def _real_fix(name: str, unsafe: bool) -> object:
    path = real(name)
    return fix_file(Linter(keep_reports=True), path, path.read_bytes(), unsafe=unsafe)


def test_single_wrong_total_is_left_to_unsafe_fixes() -> None:
    """pingtan-haitan 2021: （七）总计 reads 1 where every result row is 0."""
    safe = _real_fix("pingtan-haitan-pianqu_2021.txt", unsafe=False)
    assert not any(f.code == "TOT305" for f in safe.original.findings if f.fix is None)
    assert any(f.code == "TOT305" for f in safe.result.findings)
    unsafe = _real_fix("pingtan-haitan-pianqu_2021.txt", unsafe=True)
    assert not any(f.code.startswith("TOT30") for f in unsafe.result.findings)
    assert unsafe.notes == []


def test_corpus_fixes_never_add_errors() -> None:
    if not REAL.is_dir():
        pytest.skip("shared corpus not present")
    files = sorted(p for p in REAL.iterdir() if p.suffix in (".txt", ".html", ".htm", ".md"))
    linter = Linter(keep_reports=True)
    for path in files + [seed(f"00{i}") for i in range(5)]:
        for unsafe in (False, True):
            out = fix_file(linter, path, path.read_bytes(), unsafe=unsafe)
            if out is None:
                continue
            before = sum(f.severity == "error" for f in out.original.findings)
            after = sum(f.severity == "error" for f in out.result.findings)
            assert after <= before, (path.name, out.notes)
            again = fix_file(linter, path, out.text.encode(out.source.encoding), unsafe=unsafe)
            assert again is None or not again.changed, (path.name, again.notes)


def test_html_fix_spans_point_into_the_page_text() -> None:
    """Every fix the rules offer on real HTML pages edits the page's text, never its markup."""
    from report_lint.writer import edit_problem

    if not REAL.is_dir():
        pytest.skip("shared corpus not present")
    pages = sorted(p for p in REAL.iterdir() if p.suffix in (".html", ".htm"))
    linter = Linter(keep_reports=True)
    offered = 0
    for path in pages:
        result = linter.check_file(path)
        src = result.report.source
        for f in result.findings:
            for e in (f.fix.edits if f.fix else ()):
                offered += 1
                assert edit_problem(src, e) is None, (path.name, f.code, src.text[e.start:e.end])
                assert "<" not in src.text[e.start:e.end] or f.code == "RL011"
    assert offered > 0
