"""SEC rules on hand-built documents: the section layout, the numeral walk, the content checks.

The rule cases (tests/rule_cases/SEC*.toml) cover the rules end to end through the loader; these
tests pin the pieces that decide what a finding says.
"""
from __future__ import annotations

import pytest

from report_lint.model import Document, Fact, Paragraph, Report, Section, TemplateMatch
from report_lint.rules import RuleContext
from report_lint.source import Source, Span
from report_lint.templates import match_section_title
from report_lint_builtin.sections import common, content, numbering, presence, report_lint_get_rules


def build(lines: list[str], year: int | None = 2023, **facts: str) -> Report:
    """A report whose top-level sections are the lines starting with a numeral and `、`,
    subsections the lines starting with `（`; other lines are paragraphs."""
    text = "\n".join(lines) + "\n"
    doc = Document(Source("r.txt", text))
    pos = 0
    top: Section | None = None
    for line in lines:
        span = Span(pos, pos + len(line))
        pos += len(line) + 1
        if len(line) > 2 and line[1] == "、" and line[0] in common.NUMERALS:
            title = line[2:]
            d = match_section_title(title)
            top = Section(common.NUMERALS.index(line[0]), line[0], title, span, span,
                          key=d.key if d else None)
            doc.sections.append(top)
        elif top is not None and line.startswith("（"):
            sub = Section(None, line[1], line[3:], span, span, level=2)
            top.subsections.append(sub)
            top.span = top.span.cover(span)
        elif top is not None:
            top.blocks.append(Paragraph(line, span))
            top.span = top.span.cover(span)
        else:
            doc.preamble.append(Paragraph(line, span))
    fs = {k: Fact(v, "config") for k, v in facts.items()}
    if year is not None:
        fs["year"] = Fact(year, "config")
    return Report(doc, TemplateMatch(None, 0.0), facts=fs)


SIX = ["一、总体情况", "本年将政务公开纳入考核。", "二、主动公开政府信息情况", "（略）",
       "三、收到和处理政府信息公开申请情况", "（略）", "四、政府信息公开行政复议、行政诉讼情况", "（略）",
       "五、存在的主要问题及改进情况", "问题是质量不高，下一步加强培训。", "六、其他需要报告的事项",
       "本年度未收取信息处理费。"]


def run(code: str, report: Report, **options) -> list:
    rule = next(r for r in report_lint_get_rules() if r.code == code)
    return rule.run(report, RuleContext(rule, options))


def test_layout_maps_all_six() -> None:
    lay = common.layout(build(SIX))
    assert lay.missing == [] and lay.keys == list(common.KEYS)
    assert all(h == "exact" for h in lay.how)


def test_layout_fuzzy_only_for_parts_without_exact_heading() -> None:
    lines = SIX[:8] + ["五、问题与打算", "质量不高。"] + SIX[10:]
    lay = common.layout(build(lines))
    assert lay.by_key["problems"] == 4 and lay.how[4] == "fuzzy"
    # 三、主动公开工作情况 stays a non-template part when 二、主动公开政府信息情况 exists.
    lines = SIX[:2] + ["二、主动公开政府信息情况", "（略）", "三、主动公开工作情况", "（略）"]
    lay = common.layout(build(lines))
    assert lay.keys[2] is None


def test_fee_section_stands_in_for_six() -> None:
    lines = SIX[:8] + ["五、信息处理费收取情况", "未收取。", "六、存在的主要问题和改进情况", "质量不高。"]
    lay = common.layout(build(lines))
    assert lay.how[lay.by_key["other"]] == "stand-in"
    found = run("SEC201", build(lines))
    assert [f.severity for f in found] == ["warning"]


@pytest.mark.parametrize("heading, how", [
    ("6、其他需要报告的事项", "style"),
    ("第六部分 其他需要报告的事项", "style"),
    ("（六）其他需要报告的事项", "subsection"),
    ("其他需要报告的事项", "unnumbered"),
])
def test_part_written_in_another_style_is_found(heading: str, how: str) -> None:
    report = build(SIX[:10] + [heading, "无。"])
    found = common.layout(report).elsewhere["other"]
    assert found.how == how and heading.endswith(found.text[-6:])
    assert run("SEC201", report) == []
    assert len(run("SEC204", report)) == 1


def test_missing_part_points_at_end_of_previous_part() -> None:
    report = build(SIX[:10])
    [f] = run("SEC201", report)
    assert "缺少第六部分「六、其他需要报告的事项」" in f.message
    assert report.source.line_col(f.span.start)[0] == 10 and f.span.length == 1


def test_no_art50_structure_check_before_2019() -> None:
    assert run("SEC201", build(SIX[:10], year=2018)) == []
    assert common.applies(build(SIX, year=None))


TITLES = ["总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
          "政府信息公开行政复议、行政诉讼情况", "存在的主要问题及改进情况", "其他需要报告的事项"]
EXTRA = ["工作机制", "平台建设", "政府信息管理", "监督保障", "宣传培训", "创新做法"]


@pytest.mark.parametrize("numbers, titles, kinds", [
    ("一二三四五六", TITLES, []),
    ("一一二三四五六", TITLES[:1] + EXTRA[:1] + TITLES[1:], ["duplicate"]),
    ("一二三四五五", TITLES, ["duplicate"]),
    ("一二三五六七", TITLES, ["skip"]),
    ("一二四三五六", TITLES, ["backwards"]),
    ("一二三四五六一二三五", EXTRA + TITLES[1:4] + TITLES[5:], ["restart", "skip"]),
])
def test_numeral_walk(numbers: str, titles: list[str], kinds: list[str]) -> None:
    lines = [f"{n}、{t}" for n, t in zip(numbers, titles)]
    assert [e.kind for e in numbering.numbering_events(build(lines))] == kinds


def test_sub_items_numbered_like_parts_are_nested_not_a_restart() -> None:
    lines = SIX[:9] + ["一、存在的问题", "质量不高。", "二、改进措施", "加强培训。"] + SIX[10:]
    report = build(lines)
    lay = common.layout(report)
    assert lay.nested == {5: 4, 6: 4} and len(lay.runs) == 1
    assert [e.kind for e in numbering.numbering_events(report)] == ["nested"]
    assert "加强培训" in common.body_text(report, lay.sections[4])
    assert run("SEC205", report) == [] and run("SEC203", report) == []


def test_table_of_contents_is_dropped() -> None:
    toc = [f"{common.NUMERALS[i + 1]}、{t}……{i + 1}" for i, t in enumerate(TITLES)]
    report = build(["目录"] + toc + SIX)
    lay = common.layout(report)
    assert len(lay.sections) == 6 and lay.missing == [] and len(lay.runs) == 1
    # Empty headings that the body does not repeat are not a table of contents.
    report = build([f"{common.NUMERALS[i + 1]}、{t}" for i, t in enumerate(EXTRA)] + SIX)
    assert len(common.layout(report).sections) == 12


def test_skip_left_by_a_missing_part_is_not_reported() -> None:
    report = build(SIX[:8] + SIX[10:])  # 五 dropped: 一二三四六
    assert numbering.numbering_events(report) == []
    assert len(run("SEC201", report)) == 1


def test_duplicate_message_names_both_headings_and_template() -> None:
    report = build(SIX[:10] + ["五、其他需要报告的事项", "无。"])
    [f] = run("SEC203", report)
    assert "「五、存在的主要问题及改进情况」" in f.message
    assert "（模板为「六、其他需要报告的事项」）" in f.message


@pytest.mark.parametrize("body, flagged", [
    ("无", True), ("无。", True), ("暂无。", True), ("本年度无", True), ("2023年度没有问题。", True),
    ("问题是质量不高，下一步加强培训。", False), ("无重大问题，但仍需加强培训。", False),
])
def test_bare_placeholder_in_five(body: str, flagged: bool) -> None:
    report = build(SIX[:9] + [body] + SIX[10:])
    assert bool(run("SEC205", report)) is flagged


def test_six_wu_is_an_answer_but_empty_six_is_a_warning() -> None:
    assert run("SEC205", build(SIX[:11] + ["无"])) == []
    [f] = run("SEC205", build(SIX[:11]))
    assert f.severity == "warning"


@pytest.mark.parametrize("issuer, kind, checked", [
    ("陈家坝镇人民政府", "government", True),
    ("陈家坝镇", "government", True),
    ("平潭综合实验区海坛片区管理局", "government", False),
    ("武笔街道", "street", False),
    ("如东县人民政府办公室", "office", False),
    ("桐柏县应急管理局", "department", False),
])
def test_assessment_rule_applies_to_people_s_governments(issuer: str, kind: str,
                                                         checked: bool) -> None:
    lines = ["一、总体情况", "本年工作有序推进。"] + SIX[2:]
    report = build(lines, issuer=issuer, issuer_kind=kind)
    assert bool(run("SEC207", report)) is checked


def test_assessment_planned_in_five_does_not_count() -> None:
    lines = ["一、总体情况", "本年工作有序推进。"] + SIX[2:9] + ["下一步加强考核。"] + SIX[10:]
    report = build(lines, issuer="某某镇人民政府", issuer_kind="government")
    assert len(run("SEC207", report)) == 1
    lines[1] = "本年未发生责任追究情况。"
    assert run("SEC207", build(lines, issuer="某某镇人民政府", issuer_kind="government")) == []


def test_fee_statement_options() -> None:
    report = build(SIX[:11] + ["无"])
    assert len(run("SEC208", report)) == 1
    assert run("SEC208", report, enabled=False) == []
    assert run("SEC208", build(SIX[:11] + ["无"], year=2021), since=2022) == []
    assert run("SEC208", build(SIX[:11] + ["无"], year=2020)) == []
    assert run("SEC208", build(SIX[:11] + ["无"], year=None)) == []


def test_fee_in_a_table_label_is_not_a_statement() -> None:
    report = build(SIX[:10] + ["本年收费金额（单位：万元）"])  # no part 六, a table-like line
    assert "_FEE_ANYWHERE" in dir(content)
    assert len(run("SEC208", report)) == 1


def test_sec_rules_metadata() -> None:
    rules = {r.code: r for r in report_lint_get_rules()}
    assert sorted(rules) == [f"SEC20{i}" for i in range(1, 10)]
    fixable = {"SEC201": "unsafe", "SEC209": "safe"}  # see tests/rule_cases (fixed = …)
    assert all(r.fix == fixable.get(code, "none") for code, r in rules.items())
    assert rules["SEC207"].default_severity == "warning"
    assert rules["SEC208"].default_severity == "warning"
    assert rules["SEC209"].default_severity == "info"
    assert presence.BASIS["other"].startswith("条例第五十条")
