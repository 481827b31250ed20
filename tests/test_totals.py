"""Unit tests of the TOT plugin on hand-built reports: relations as linear forms, the explanation
search (one cell, a pair, ambiguity), unreadable rows, blanks, messages and fixes."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from report_lint.config import Config, ConfigResolver
from report_lint.engine import Linter
from report_lint.host import load_registry
from report_lint.model import BoundRow, BoundTable, Cell, Document, Report, TemplateMatch
from report_lint.source import Source, Span
from report_lint.templates import load_templates
from report_lint_builtin.totals import labels, messages, relations
from report_lint_builtin.totals.arithmetic import issues

REGISTRY = load_registry()
T21 = load_templates()["2021"]
T20 = load_templates()["2020"]
REQ = T21.tables["requests"]


# --- hand-built reports ---------------------------------------------------------------------

def _table(template, key: str, values: dict[str, list], unreadable: dict[str, str] | None = None
           ) -> BoundTable:
    """A bound table: every value row of the template, 0 unless `values` says otherwise."""
    tdef = template.tables[key]
    bound = BoundTable(key, template.id, None)
    pos = 0
    for row in tdef.value_rows():
        cs = tdef.column_set_of(row.key)
        vals = values.get(row.key, [0] * len(cs.columns))
        cells = []
        for v in vals:
            raw = "" if v is None else str(v)
            cells.append(Cell.of(raw, Span(pos, pos + len(raw))))
            pos += len(raw) + 1
        bound.rows[row.key] = BoundRow(row.key, row.label, list(cs.keys),
                                       [c.label for c in cs.columns], cells,
                                       unreadable=(unreadable or {}).get(row.key))
    return bound


def _report(*tables: BoundTable) -> Report:
    """A report whose text holds every cell's raw text at the cell's span."""
    chars = [" "] * 4000
    for t in tables:
        for row in t.rows.values():
            for c in row.cells:
                chars[c.span.start:c.span.end] = list(c.raw)
    doc = Document(Source("r.txt", "".join(chars)))
    return Report(doc, TemplateMatch(tables[0].template, 1.0), {t.key: t for t in tables})


def col(n: int, total: int | None = None) -> list:
    return [n, 0, 0, 0, 0, 0, n if total is None else total]


BALANCED = {"new": col(13), "carried_over": col(1), "granted": col(14), "total": col(14)}


def codes(report: Report) -> list[str]:
    return [i.code for i in issues(report)]


# --- labels ---------------------------------------------------------------------------------

def test_row_names_are_short_and_qualified() -> None:
    assert labels.row_name(REQ, "partial") == "（二）部分公开"
    assert labels.row_name(REQ, "withheld_state_secret") == "（三）1.属于国家秘密"
    assert labels.row_name(REQ, "other_overdue_correction").endswith("…")
    assert labels.term_name(REQ, "new") == "一"
    assert labels.set_name(REQ, "leaves") == "三、本年度办理结果各项之和"


def test_table_four_columns_carry_their_group() -> None:
    t4 = T21.tables["review_litigation"]
    assert labels.cell_name(t4, "cases", "review_total") == "行政复议·总计"
    assert labels.cell_name(t4, "cases", "suit_direct_upheld") == "未经复议直接起诉·结果维持"
    assert labels.table_name(t4) == "表四"


# --- relations as linear forms -------------------------------------------------------------

def test_linear_forms_follow_the_template_expressions() -> None:
    rep = _report(_table(T21, "requests", BALANCED))
    tr = relations.analyze(rep)["requests"]
    t31 = next(i for i in tr.instances if i.rel.id == "T3-1" and i.scope == "natural")
    assert t31.coefs == {("new", "natural"): 1, ("carried_over", "natural"): 1,
                         ("total", "natural"): -1, ("carry_forward", "natural"): -1}
    t32 = next(i for i in tr.instances if i.rel.id == "T3-2" and i.scope == "total")
    assert len(t32.coefs) == 22 and t32.coefs[("total", "total")] == 1
    assert all(i.state == "ok" for i in tr.instances)


def test_blank_fails_only_when_no_value_could_balance() -> None:
    blank_total = {"new": col(5), "granted": col(5), "total": [None, 0, 0, 0, 0, 0, 5]}
    rep = _report(_table(T21, "requests", blank_total))
    t31 = next(i for i in relations.analyze(rep)["requests"].instances
               if i.rel.id == "T3-1" and i.scope == "natural")
    assert t31.state == "open"  # （七）总计 blank: 5 = ? + 0 can hold
    over = dict(blank_total, carry_forward=col(8))
    rep = _report(_table(T21, "requests", over))
    t31 = next(i for i in relations.analyze(rep)["requests"].instances
               if i.rel.id == "T3-1" and i.scope == "natural")
    assert t31.state == "bound"  # 5 = ? + 8 cannot hold for any ? >= 0


# --- explanation search ---------------------------------------------------------------------

def test_balanced_table_has_no_issue() -> None:
    assert codes(_report(_table(T21, "requests", BALANCED))) == []


def test_single_cell_explains_all_failures() -> None:
    rep = _report(_table(T21, "requests", dict(BALANCED, total=col(14, 15))))
    [issue] = issues(rep)
    assert issue.code == "TOT305"
    assert issue.explanation.key == ("total", "total") and issue.explanation.value == 14
    assert {i.rel.id for i in issue.instances} == {"T3-1", "T3-2", "T3-3"}


def test_pair_explains_a_total_row_left_at_zero() -> None:
    rep = _report(_table(T21, "requests", {"new": col(4), "withheld_third_party": col(1),
                                           "unable_not_held": col(3)}))
    found = issues(rep)
    assert [i.code for i in found] == ["TOT305", "TOT305"]
    assert {i.explanation.key for i in found} == {("total", "natural"), ("total", "total")}
    assert all(i.explanation.value == 4 for i in found)


def test_ambiguous_failure_is_reported_per_relation_merged_across_columns() -> None:
    # 一 = 14 vs results 13 in 自然人 and 总计: 一 or 四 could be wrong in both columns.
    rep = _report(_table(T21, "requests", {"new": col(14), "granted": col(13), "total": col(13)}))
    [issue] = issues(rep)
    assert issue.code == "TOT301" and [i.scope for i in issue.instances] == ["natural", "total"]


def test_row_relation_alone_is_not_explained_by_a_guess() -> None:
    rep = _report(_table(T21, "review_litigation", {"cases": [1, 0, 0, 0, 0] + [0] * 10}))
    [issue] = issues(rep)
    assert issue.code == "TOT304" and issue.explanation is None


def test_implied_inequality_is_not_reported_twice() -> None:
    # 四 > 一 + 二 breaks T3-1 and T3-5; only T3-1 is worth saying (T3-5's cells are in it).
    rep = _report(_table(T21, "requests", {"new": col(2), "granted": col(2), "total": col(2),
                                           "carry_forward": col(3), "partial": col(1)}))
    assert "TOT306" not in codes(rep)


def test_unreadable_rows_are_never_claimed_on() -> None:
    values = dict(BALANCED, total=col(14, 15))
    rep = _report(_table(T21, "requests", values, unreadable={"total": "连写数字无法拆分"}))
    assert codes(rep) == []  # every relation with （七）总计 is skipped; the rest hold
    rep = _report(_table(T21, "requests", dict(BALANCED, new=col(13, 12)),
                         unreadable={"granted": "无法拆分"}))
    found = issues(rep)
    assert found and all(i.explanation is None for i in found)  # no single-cell guess


def test_negative_value_is_not_proposed() -> None:
    rep = _report(_table(T21, "review_litigation", {"cases": [0, 0, 0, 0, 1] + [0] * 10}))
    [issue] = issues(rep)  # total 1 with parts 0: 总计 → 0, or a part → 1 (several): ambiguous
    assert issue.code == "TOT304"


def test_2019_template_single_other_handling_row() -> None:
    rep = _report(_table(T20, "requests", {"total": col(1, 0)}))
    [issue] = issues(rep)
    assert issue.code == "TOT305" and issue.explanation.key == ("total", "natural")


# --- messages and fixes ---------------------------------------------------------------------

def test_explanation_message_names_cell_and_values() -> None:
    rep = _report(_table(T21, "requests", dict(BALANCED, total=col(14, 15))))
    msg, span, fix, data = messages.render(issues(rep)[0], rep.source)
    assert msg.startswith("表三 （七）总计·总计 应为 14，实为 15")
    assert fix is not None and fix.applicability == "unsafe" and fix.edits[0].replacement == "14"
    assert data["expected"] == 14 and data["found"] == 15


@pytest.mark.parametrize("text, span, new, ok", [
    ("（七）总计1000000", (5, 6), "0", True),     # run-together digits, same length
    ("（七）总计1000000", (5, 6), "12", False),   # would change the digit count of the run
    ("（七）总计 | 15 |", (8, 10), "14", True),
    ("（七）总计 | 15件 |", (8, 11), "14", False),  # the cell is not just its number
])
def test_cell_fix_only_where_unambiguous(text: str, span: tuple[int, int], new: str,
                                         ok: bool) -> None:
    cell = Cell.of(text[span[0]:span[1]], Span(*span))
    fix = messages.cell_fix(cell, new, Source("r.txt", text), "改")
    assert (fix is not None) is ok


def test_empty_spans_are_made_visible() -> None:
    src = Source("r.txt", "规章 | 0 | |")
    assert messages.visible(Span(9, 9), src) == Span(9, 10)
    assert messages.visible(Span(2, 4), src) == Span(2, 4)


# --- end to end through the engine -----------------------------------------------------------



def _lint(path: Path) -> list:
    result = Linter(REGISTRY, ConfigResolver.of(Config(select=["TOT"]))).check_file(path)
    return result.findings


CRAWLER = (
    "标题: 某镇2021年政府信息公开工作年度报告\n发布时间: 2022-01-12\n==================== 正文 ====================\n"
    "一、总体情况2021年，本镇依法公开政府信息。二、主动公开政府信息情况第二十条第（一）项信息内容本年制发件数"
    "本年废止件数现行有效件数规章000行政规范性文件000第二十条第（五）项信息内容本年处理决定数量行政许可0"
    "第二十条第（六）项信息内容本年处理决定数量行政处罚0行政强制0第二十条第（八）项信息内容本年收费金额（单位：万元）"
    "行政事业性收费0三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"
    "一、本年新收政府信息公开申请数量0000000二、上年结转政府信息公开申请数量0000000三、本年度办理结果"
    "（一）予以公开0000000（二）部分公开（区分处理的，只计这一情形，不计其他情形）0000000（三）不予公开"
    "1.属于国家秘密00000002.其他法律行政法规禁止公开00000003.危及“三安全一稳定”00000004.保护第三方合法权益"
    "00000005.属于三类内部事务信息00000006.属于四类过程性信息00000007.属于行政执法案卷00000008.属于行政查询事项"
    "0000000（四）无法提供1.本机关不掌握相关政府信息00000002.没有现成信息需要另行制作00000003.补正后申请内容仍不明确"
    "0000000（五）不予处理1.信访举报投诉类申请00000002.重复申请00000003.要求提供公开出版物00000004.无正当理由大量反复申请"
    "00000005.要求行政机关确认或重新出具已获取信息0000000（六）其他处理1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    "00000002.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请00000003.其他0000000"
    "（七）总计1000000四、结转下年度继续办理0000000四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼"
    "结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计"
    "结果维持结果纠正其他结果尚未审结总计000000000000000五、存在的主要问题及改进情况无。六、其他需要报告的事项无。\n")


def test_run_together_digits_fix_converges(tmp_path: Path) -> None:
    path = tmp_path / "crawler.txt"
    path.write_text(CRAWLER, encoding="utf-8")
    [f] = [f for f in _lint(path) if f.severity == "error"]
    assert f.code == "TOT305" and "（七）总计·自然人 应为 0，实为 1" in f.message
    assert CRAWLER[f.fix.edits[0].start:f.fix.edits[0].end] == "1"
    edit = f.fix.edits[0]
    path.write_text(CRAWLER[:edit.start] + edit.replacement + CRAWLER[edit.end:], encoding="utf-8")
    assert [f for f in _lint(path) if f.code.startswith("TOT30")] == []


# --- property: one changed cell of a consistent table 三 is always named --------------------------

LEAVES = REQ.sets["leaves"]
APPLICANTS = ["natural", "business", "research", "public_interest", "legal", "other"]


@st.composite
def consistent_table(draw):
    """A table 三 where every relation holds: random leaves, carried-over and carry-forward."""
    values: dict[str, list[int]] = {}
    small = st.integers(0, 9)
    for leaf in LEAVES:
        values[leaf] = [draw(small) if draw(st.booleans()) else 0 for _ in APPLICANTS]
    values["total"] = [sum(values[leaf][i] for leaf in LEAVES) for i in range(6)]
    values["carried_over"] = [draw(st.integers(0, 3)) for _ in APPLICANTS]
    values["carry_forward"] = [draw(st.integers(0, 3)) for _ in APPLICANTS]
    values["new"] = [values["total"][i] + values["carry_forward"][i] - values["carried_over"][i]
                     for i in range(6)]
    if any(v < 0 for v in values["new"]):
        values["carried_over"] = [0] * 6
        values["new"] = [values["total"][i] + values["carry_forward"][i] for i in range(6)]
    return {k: v + [sum(v)] for k, v in values.items()}


@settings(max_examples=150, deadline=None)
@given(consistent_table(), st.data())
def test_any_single_changed_cell_is_named(values, data) -> None:
    assert codes(_report(_table(T21, "requests", values))) == []
    rows = sorted(values)
    row = data.draw(st.sampled_from(rows))
    col = data.draw(st.integers(0, 6))
    old = values[row][col]
    new = data.draw(st.integers(0, 20).filter(lambda v: v != old))
    changed = {k: list(v) for k, v in values.items()}
    changed[row][col] = new
    [issue] = issues(_report(_table(T21, "requests", changed)))
    assert issue.code == "TOT305"
    keys = list(REQ.column_sets["applicants"].keys)
    assert issue.explanation.key == (row, keys[col]) and issue.explanation.value == old
