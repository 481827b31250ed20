"""FMT rules: template-vs-year logic on hand-built reports, label scanning, and the safe fixes
applied end to end (the fixed text no longer triggers the rule).

The rule cases (tests/rule_cases/FMT*.toml) cover each rule through the loader and binder.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from report_lint import diagnostics as rl
from report_lint.config import Config, ConfigResolver
from report_lint.engine import Linter
from report_lint.findings import Fix
from report_lint.host import load_registry
from report_lint.model import (BoundTable, Diagnostic, Document, Fact, Paragraph, Report,
                               Section, TemplateMatch)
from report_lint.rules import RuleContext
from report_lint.source import Source, Span
from report_lint_builtin.format import common, labels, report_lint_get_rules

REGISTRY = load_registry()
RULES = {r.code: r for r in report_lint_get_rules()}


def hand_report(year: int | None, matches: dict[str, str | None], doc_id: str | None = None,
                confidence: float = 0.9, tables: bool = True) -> Report:
    """A report with only what the detection rules read: year, per-table matches, bound tables."""
    text = "二、主动公开政府信息情况\n（表）\n三、收到和处理政府信息公开申请情况\n（表）\n"
    doc = Document(Source("r.txt", text))
    doc.sections = [Section(2, "二", "主动公开政府信息情况", Span(0, 12), Span(0, 17),
                            key="active_disclosure"),
                    Section(3, "三", "收到和处理政府信息公开申请情况", Span(18, 35), Span(18, 40),
                            key="requests")]
    tm = {k: TemplateMatch(v, confidence, [f"证据{k}"], {"2020": 1.0, "2021": 0.0})
          for k, v in matches.items()}
    bound = {k: BoundTable(k, v or "2021", None) for k, v in matches.items()} if tables else {}
    facts = {"year": Fact(year, "config")} if year is not None else {}
    r = Report(doc, TemplateMatch(doc_id, confidence), bound, tm, facts)
    r.cache["labels"] = []
    return r


def run(code: str, report: Report, **options) -> list:
    rule = RULES[code]
    return rule.run(report, RuleContext(rule, options))


@pytest.mark.parametrize("year, tid, severity", [
    (2022, "2020", "error"), (2021, "2020", "error"), (2020, "2021", "warning"),
    (2019, "2021", "warning"), (2018, "2020", "warning"),
    (2020, "2020", None), (2019, "2020", None), (2025, "2021", None),
])
def test_template_year_table(year: int, tid: str, severity: str | None) -> None:
    found = run("FMT101", hand_report(year, {"active_disclosure": tid, "requests": tid}))
    assert [f.severity for f in found] == ([severity] if severity else [])
    if found:
        assert "表二、表三" in found[0].message


def test_expected_template_by_year() -> None:
    assert common.expected_template(2019).id == "2020"
    assert common.expected_template(2020).id == "2020"
    assert common.expected_template(2021).id == "2021"
    assert common.expected_template(2030).id == "2021"
    assert common.expected_template(2018) is None


def test_table_four_and_unknown_year_are_not_judged() -> None:
    assert run("FMT101", hand_report(2023, {"review_litigation": "2020"})) == []
    assert run("FMT101", hand_report(None, {"active_disclosure": "2020"})) == []


def test_mixed_templates_points_at_the_odd_table() -> None:
    report = hand_report(2023, {"active_disclosure": "2021", "requests": "2020"}, "2021")
    [f] = run("FMT102", report)
    assert "表二为2021年格式" in f.message and "表三为2019年试行格式" in f.message
    assert f.span == Span(18, 35)  # table 三's section heading: no bound rows to point at
    assert run("FMT102", hand_report(2023, {"active_disclosure": "2021", "requests": "2021"})) == []


def test_low_confidence_threshold() -> None:
    report = hand_report(2023, {"active_disclosure": "2021"}, "2021", confidence=0.55)
    assert len(run("FMT108", report)) == 1
    assert run("FMT108", report, min_confidence=0.5) == []


def test_no_distinguishing_labels_is_reported() -> None:
    report = hand_report(2023, {"review_litigation": "2021"}, None)
    [f] = run("FMT108", report)
    assert "无法判断" in f.message


def test_no_template_by_year_and_diagnostics() -> None:
    def prose(year: int | None, diag: str | None = None) -> Report:
        r = hand_report(year, {}, None, tables=False)
        r.document.sections[0].blocks.append(Paragraph("（表）", Span(13, 16)))
        if diag:
            r.document.diagnostics.append(Diagnostic(diag, "x"))
        return r
    assert [f.severity for f in run("FMT107", prose(2022))] == [None]  # the rule's default: error
    assert [f.severity for f in run("FMT107", prose(2019))] == ["info"]
    assert run("FMT107", prose(2018)) == []
    assert run("FMT107", prose(2022, rl.TABLE_UNBOUND)) == []
    assert run("FMT107", prose(2022, rl.NO_STRUCTURE)) == []


def test_label_scan_prefers_longer_labels() -> None:
    scan = common.label_scan("2020", "active_disclosure")
    assert "本年制发件数" in scan.foreign and "行政规范性文件" in scan.foreign
    assert "规范性文件" not in scan.foreign and scan.foreign["行政规范性文件"][1] is True
    assert scan.pattern.search("行政规范性文件").group() == "行政规范性文件"
    assert common.label_scan("2021", "active_disclosure").foreign == {}  # nothing newer


@pytest.mark.parametrize("written, official, expected", [
    ("先行有效件数", "现行有效件数", "现行有效件数"),
    ("本列数据的钩稽关系为", "（本列数据的勾稽关系为）", "本列数据的勾稽关系为"),
    ("先行 有效件数", "现行有效件数", "现行 有效件数"),
    ("其他法律行政止公开", "其他法律行政法规禁止公开", None),  # characters missing: no fix
])
def test_character_fix(written: str, official: str, expected: str | None) -> None:
    text = f"表头：{written}。"
    fix = labels._char_fix(text, Span(3, 3 + len(written)), official)
    if expected is None:
        assert fix is None
        return
    assert fix is not None and fix.applicability == "safe"
    assert apply(text, fix) == f"表头：{expected}。"


def apply(text: str, fix: Fix) -> str:
    for e in sorted(fix.edits, key=lambda e: e.start, reverse=True):
        text = text[:e.start] + e.replacement + text[e.end:]
    return text




TABLE_2021 = """某某县人民政府2023年政府信息公开工作年度报告
二、主动公开政府信息情况
第二十条第（一）项 |
信息内容 | 本年制发件数 | 本年废止件数 | 先行有效件数 |
规章 | 0 | 0 | 0 |
规范性文件 | 1 | 0 | 5 |
第二十条第（五）项 |
信息内容 | 本年处理决定数量 |
行政许可 | 3 |
第二十条第（六）项 |
信息内容 | 本年处理决定数量 |
行政处罚 | 2 |
行政强制 | 0 |
第二十条第（八）项 |
信息内容 | 本年收费金额（单位：万元） |
行政事业性收费 | 0 |
"""


@pytest.mark.parametrize("code, before, after", [
    ("FMT105", "规范性文件 | 1", "行政规范性文件 | 1"),
    ("FMT109", "先行有效件数", "现行有效件数"),
])
def test_safe_fix_converges(tmp_path: Path, code: str, before: str, after: str) -> None:
    path = tmp_path / "r.txt"
    path.write_text(TABLE_2021, encoding="utf-8")
    linter = Linter(REGISTRY, ConfigResolver.of(Config(select=[code])))
    [f] = linter.check_file(path).findings
    assert f.fix is not None and f.fix.applicability == "safe"
    fixed = apply(TABLE_2021, f.fix)
    assert after in fixed and fixed.count("\n") == TABLE_2021.count("\n")
    path.write_text(fixed, encoding="utf-8")
    assert linter.check_file(path).findings == []
    assert before not in fixed or before in after


def test_fmt_rules_metadata() -> None:
    assert sorted(RULES) == [f"FMT10{i}" for i in range(1, 10)] + ["FMT110"]
    assert {c for c, r in RULES.items() if r.fix == "safe"} == {"FMT105", "FMT109", "FMT110"}
    assert RULES["FMT106"].default_severity == "info"
    assert RULES["FMT101"].default_severity == "error"
