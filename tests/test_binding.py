"""Template detection and binding (`report_lint.templates.bind`)."""
from __future__ import annotations

import re

import pytest

from conftest import real, seed
from report_lint import diagnostics as codes
from report_lint.model import Cell, Document, Section, Table
from report_lint.source import Source, Span
from report_lint.templates import bind, evaluate_bound, load_templates, read_money
from report_lint.templates.binding import SPLIT_NOTE

T = load_templates()


# --- building documents from cells --------------------------------------------------------

def make_doc(*tables: list[str] | str) -> Document:
    """A document whose tables are given as cell lists (seed form, one cell per string, "" is a
    blank cell) or as one run-together string (crawler form, tokenised into digit and label
    runs the way the text loader does)."""
    parts: list[str] = []
    pos = 0
    built = []
    for t in tables:
        start = pos
        if isinstance(t, str):
            parts.append(t)
            pos += len(t)
            cells = [Cell.of(m.group(), Span(start + m.start(), start + m.end()))
                     for m in re.finditer(r"\d+|[^\d\s]+", t)]
            built.append(Table(cells, Span(start, pos), inline=True))
        else:
            cells = []
            for raw in t:
                cells.append(Cell.of(raw, Span(pos, pos + len(raw))))
                parts.append(raw + " |\n")
                pos += len(raw) + 3
            built.append(Table(cells, Span(start, pos)))
        parts.append("\n")
        pos += 1
    return Document(Source("t.txt", "".join(parts)), preamble=built)


def text_of(doc: Document, span: Span) -> str:
    return doc.source.text[span.start:span.end]


def requests_cells(tid: str, values: dict[str, list] | None = None) -> list[str]:
    """Table 三 of template `tid` in seed form: header, then every row with its values."""
    tdef = T[tid].tables["requests"]
    cells = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况",
             "自然人", "法人或其他组织", "总计", "商业企业", "科研机构", "社会公益组织",
             "法律服务机构", "其他"]
    for row in tdef.rows:
        cells.append(row.label)
        if not row.group:
            cells += [str(v) for v in (values or {}).get(row.key, [0] * 7)]
    return cells


TABLE4_HEADER = ["行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计",
                 "未经复议直接起诉", "复议后起诉"] + ["结果维持", "结果纠正", "其他结果", "尚未审结",
                                                   "总计"] * 2

ACTIVE_2021 = ["第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数",
               "规章", "0", "0", "0", "行政规范性文件", "1", "0", "5",
               "第二十条第（五）项", "信息内容", "本年处理决定数量", "行政许可", "3",
               "第二十条第（六）项", "信息内容", "本年处理决定数量", "行政处罚", "16", "行政强制", "0",
               "第二十条第（八）项", "信息内容", "本年收费金额（单位：万元）", "行政事业性收费", "0.5"]

ACTIVE_2020 = ["第二十条第（一）项", "", "信息内容", "本年新", "本年新", "对外公开总数量", "",
               "规章", "0", "0", "0", "规范性文件", "1", "1", "7",
               "第二十条第（五）项", "信息内容", "上一年项目数量", "本年增/减", "处理决定数量",
               "行政许可", "2", "-1", "0", "其他对外管理服务事项", "1", "0", "0",
               "第二十条第（六）项", "信息内容", "上一年项目数量", "本年增/减", "处理决定数量",
               "行政处罚", "0", "0", "0", "行政强制", "0", "0", "0",
               "第二十条第（八）项", "信息内容", "上一年项目数量", "本年增/减", "行政事业性收费", "0", "0",
               "第二十条第（九）项", "信息内容", "采购项目数量", "采购总金额", "政府集中采购", "6",
               "251000元"]


# --- detection -----------------------------------------------------------------------------

def test_2021_document():
    r = bind(make_doc(ACTIVE_2021, requests_cells("2021"), TABLE4_HEADER + ["0"] * 15))
    assert r.template.id == "2021" and r.template.confidence > 0.8
    assert r.template.scores["2021"] > r.template.scores["2020"] == 0
    assert {k: m.id for k, m in r.table_templates.items()} == {
        "active_disclosure": "2021", "requests": "2021", "review_litigation": "2021"}
    assert any("本年制发件数" in e for e in r.template.evidence)
    assert r.diagnostics == []
    a = r.tables["active_disclosure"]
    assert a.row("normative").values == [1, 0, 5]
    assert a.row("normative").label_as_written == "行政规范性文件"
    assert a.row("normative").item == "第二十条第（一）项"
    assert a.row("fees").values == [0.5]
    assert a.missing_rows == [] and a.confidence == 1.0


def test_2020_document_and_truncated_headers_by_position():
    r = bind(make_doc(ACTIVE_2020, requests_cells("2020")))
    assert r.template.id == "2020"
    a = r.tables["active_disclosure"]
    assert a.template == "2020"
    assert a.row("normative").columns == ["made", "published", "public_total"]
    assert a.row("normative").values == [1, 1, 7]
    assert a.row("licensing").values == [2, -1, 0]
    made = [h for h in r.labels if h.element in ("item1.made", "item1.published")]
    assert [(h.element, h.kind, h.written) for h in made] == [
        ("item1.made", "truncation", "本年新"), ("item1.published", "truncation", "本年新")]
    assert "表三（六）其他处理为单行（2019 格式）" in r.table_templates["requests"].evidence
    assert "review_litigation" not in r.tables


def test_money_cell_is_read_with_its_unit():
    r = bind(make_doc(ACTIVE_2020))
    cell = r.tables["active_disclosure"].cell("procurement", "amount")
    assert (cell.kind, cell.value, cell.raw) == ("number", 251000, "251000元")
    assert "元" in cell.note
    assert read_money("152.2万元") == (152.2, "万元")
    assert read_money("1,000 元") == (1000, "元")
    assert read_money("251000") is None


def test_longest_label_wins():
    # 行政规范性文件 must not also be read as the 2020 row 规范性文件.
    r = bind(make_doc(ACTIVE_2021))
    assert not [h for h in r.labels if h.kind == "old"]
    assert r.table_templates["active_disclosure"].scores["2020"] == 0


def test_old_label_in_a_2021_table_is_recorded():
    cells = [c if c != "行政规范性文件" else "规范性文件" for c in ACTIVE_2021]
    cells = [c if c != "现行有效件数" else "先行有效件数" for c in cells]
    r = bind(make_doc(cells))
    a = r.tables["active_disclosure"]
    assert a.template == "2021"
    assert a.row("normative").values == [1, 0, 5]
    kinds = {(h.element, h.kind, h.written) for h in r.labels}
    assert ("normative", "old", "规范性文件") in kinds
    assert ("item1.valid", "typo", "先行有效件数") in kinds


def test_old_rows_beside_2021_columns_are_old_evidence():
    cells = ACTIVE_2021 + ["第二十条第（九）项", "信息内容", "采购项目数量", "采购总金额",
                           "政府集中采购", "1", "2元"]
    r = bind(make_doc(cells), templates={"2021": T["2021"]})
    old = {h.written for h in r.labels if h.kind == "old"}
    assert {"第二十条第（九）项", "采购项目数量", "政府集中采购"} <= old


def test_henan_local_fee_label():
    cells = [c if not c.startswith("本年收费金额") else "本年收费金额(单位:万元,保留4位小数)"
             for c in ACTIVE_2021]
    r = bind(make_doc(cells))
    hit = next(h for h in r.labels if h.element == "fees.amount")
    assert (hit.kind, hit.region) == ("local", "河南")
    assert r.tables["active_disclosure"].template == "2021"


def test_mixed_templates_are_kept_per_table():
    r = bind(make_doc(ACTIVE_2021, requests_cells("2020"), TABLE4_HEADER + ["0"] * 15))
    assert r.table_templates["active_disclosure"].id == "2021"
    assert r.table_templates["requests"].id == "2020"
    assert r.tables["requests"].template == "2020"
    assert r.template.id == "2021" and r.template.confidence < 0.9
    assert r.table_templates["review_litigation"].id == r.template.id
    assert "两种格式相同" in r.table_templates["review_litigation"].evidence[0]


def test_single_other_row_forced_into_2021_is_old_layout():
    r = bind(make_doc(requests_cells("2020")), templates={"2021": T["2021"]})
    old = [h for h in r.labels if h.kind == "old"]
    assert old and old[0].official == "（六）其他处理" and "2019" in old[0].note


def test_no_statistical_tables():
    r = bind(make_doc(["本机关", "2024年", "无"]))
    assert r.template.id is None and r.template.confidence == 0.0
    assert r.tables == {} and r.diagnostics == []


def test_tables_are_identified_by_content_not_order():
    unrelated = ["项目", "数量", "通知收取件数", "0"]
    r = bind(make_doc(TABLE4_HEADER + ["1", "1", "0", "0", "2"] + ["0"] * 10, unrelated,
                      requests_cells("2021"), ACTIVE_2021))
    assert set(r.tables) == {"active_disclosure", "requests", "review_litigation"}
    assert r.tables["review_litigation"].row("cases").values[:5] == [1, 1, 0, 0, 2]
    assert r.tables["requests"].table is not r.tables["active_disclosure"].table


def test_unbindable_table_in_its_section_is_rl004():
    doc = make_doc(["申请数量", "5", "答复", "5"])
    table = doc.preamble.pop()
    sec = Section(3, "三", "收到和处理政府信息公开申请情况", Span(0, 1), table.span,
                  key="requests", blocks=[table])
    doc.sections.append(sec)
    r = bind(doc)
    assert [d.code for d in r.diagnostics] == [codes.TABLE_UNBOUND]
    assert "无法识别" in r.diagnostics[0].message and r.diagnostics[0].span == table.span
    assert "requests" not in r.tables


def test_weak_table_is_rl004_not_a_guess():
    r = bind(make_doc(["一、本年新收政府信息公开申请数量", "1", "（七）总计", "1"]))
    assert "requests" not in r.tables
    d = [d for d in r.diagnostics if d.code == codes.TABLE_UNBOUND]
    assert d and d[0].data == {"table": "requests", "matched": 2}


def test_rows_out_of_template_order_are_still_bound():
    # PDF extraction put the （一）项 rows in a table of their own after the （八）项 rows.
    main = ["第二十条第（一）项"] + ACTIVE_2021[13:]
    split = ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数", "规章", "0", "0", "0",
             "行政规范性文件", "13", "0", "55"]
    r = bind(make_doc(main, split, requests_cells("2021")))
    a = r.tables["active_disclosure"]
    assert a.missing_rows == []
    assert a.row("normative").values == [13, 0, 55]
    assert a.row("licensing").values == [3]
    moved = [h for h in r.labels if h.note == "行的位置与模板顺序不同"]
    assert {h.element for h in moved} == {"rules", "normative"}


# --- cells ---------------------------------------------------------------------------------

def test_blank_cells_count_as_cells():
    cells = ACTIVE_2020[:7] + ["规章", "0", "", "", "规范性文件", "0", "", ""] + ACTIVE_2020[15:]
    r = bind(make_doc(cells))
    rules = r.tables["active_disclosure"].row("rules")
    assert rules.values == [0, None, None]
    assert [c.kind for c in rules.cells] == ["number", "blank", "blank"]


def test_a_label_stops_the_row_and_missing_cells_are_none():
    cells = ACTIVE_2020[:7] + ["规章", "0", "规范性文件", "0", "1", "1"] + ACTIVE_2020[15:]
    r = bind(make_doc(cells))
    rules = r.tables["active_disclosure"].row("rules")
    assert rules.cells[1:] == [None, None] and rules.values == [0, None, None]
    assert r.tables["active_disclosure"].row("normative").values == [0, 1, 1]


def test_text_cells_are_values_of_kind_text():
    cells = ACTIVE_2021[:5] + ["规章", "/", "—", "无"] + ACTIVE_2021[9:]
    r = bind(make_doc(cells))
    rules = r.tables["active_disclosure"].row("rules")
    assert [c.kind for c in rules.cells] == ["text"] * 3
    res = [x for x in evaluate_bound(r) if x.relation.id == "T2-2" and x.scope == "rules"]
    assert res[0].status == "not_evaluable"


def test_header_other_and_total_columns_are_not_rows():
    r = bind(make_doc(requests_cells("2021", {"other_other": [1, 0, 0, 0, 0, 0, 1],
                                              "total": [2, 0, 0, 0, 0, 0, 2],
                                              "new": [2, 0, 0, 0, 0, 0, 2]})))
    req = r.tables["requests"]
    assert req.row("other_other").label_as_written == "3.其他"
    assert req.row("total").label_as_written == "（七）总计"
    assert req.row("other_other").values == [1, 0, 0, 0, 0, 0, 1]
    assert req.missing_rows == []


def test_table_four_skips_filler_blanks_and_reads_truncated_headers():
    header = ["行政复议", "行政诉讼", "结果维持", "结果", "其他", "尚未", "总计", "未经复议直接起诉",
              "复议后起诉"] + ["结果", "结果", "其他", "尚未", "总计"] * 2
    values = ["1", "1", "0", "0", "2", "2", "0", "0", "0", "2", "1", "0", "0", "0", "1"]
    r = bind(make_doc(header + ["", "", "", "", ""] + values))
    row = r.tables["review_litigation"].row("cases")
    assert row.values == [1, 1, 0, 0, 2, 2, 0, 0, 0, 2, 1, 0, 0, 0, 1]
    assert len([h for h in r.labels if h.kind == "truncation"]) == 11


def test_empty_table_four_keeps_its_blanks():
    r = bind(make_doc(TABLE4_HEADER + [""] * 15))
    row = r.tables["review_litigation"].row("cases")
    assert row.values == [None] * 15 and all(c.kind == "blank" for c in row.cells)


def test_spans_of_bound_cells_point_into_the_source():
    doc = make_doc(ACTIVE_2021)
    r = bind(doc)
    for row in r.tables["active_disclosure"].rows.values():
        assert text_of(doc, row.label_span).strip() == row.label_as_written
        for c in row.cells:
            assert text_of(doc, c.span) == c.raw


# --- crawler (inline) text -----------------------------------------------------------------

CRAWLER_2020_T2 = ("第二十条第（一）项信息内容本年新制作数量本年新公开数量对外公开总数量规章000规范性文件444"
                   "第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可111其他对外管理服务事项000"
                   "第二十条第（六）项信息内容上一年项目数量本年增/减处理决定数量行政处罚000行政强制000"
                   "第二十条第（八）项信息内容上一年项目数量本年增/减行政事业性收费0 0"
                   "第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购{buy}")


def crawler_requests(tid: str, runs: dict[str, str]) -> str:
    """Table 三 run together, each row's values written as given (default 0000000)."""
    out = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计"
           "商业企业科研机构社会公益组织法律服务机构其他"]
    for row in T[tid].tables["requests"].rows:
        out.append(row.label + ("" if row.group else runs.get(row.key, "0000000")))
    return "".join(out)


def test_inline_digit_runs_one_digit_per_cell():
    doc = make_doc(CRAWLER_2020_T2.format(buy="00元"))
    r = bind(doc)
    a = r.tables["active_disclosure"]
    assert a.template == "2020"
    norm = a.row("normative")
    assert norm.values == [4, 4, 4]
    assert all(c.note == SPLIT_NOTE and text_of(doc, c.span) == "4" for c in norm.cells)
    assert len({c.span for c in norm.cells}) == 3
    assert a.row("fees").values == [0, 0] and a.row("fees").cells[0].note is None
    buy = a.row("procurement")
    assert buy.values == [0, 0] and buy.cells[1].raw == "0元" and "元" in buy.cells[1].note
    assert r.diagnostics == []


def test_inline_ambiguous_run_is_rl005_and_unreadable():
    doc = make_doc(CRAWLER_2020_T2.format(buy="328291965元"))
    r = bind(doc)
    row = r.tables["active_disclosure"].row("procurement")
    assert row.unreadable and row.cells == [None, None]
    d = [d for d in r.diagnostics if d.code == codes.CELLS_AMBIGUOUS]
    assert len(d) == 1 and text_of(doc, d[0].span) == "328291965元"
    assert d[0].data["row"] == "procurement"


def test_inline_whitespace_tokens_and_money_with_unit():
    r = bind(make_doc(CRAWLER_2020_T2.format(buy=" 9 152.2万元")))
    buy = r.tables["active_disclosure"].row("procurement")
    assert buy.values == [9, 152.2] and "万元" in buy.cells[1].note


def test_inline_numbering_run_into_digits():
    doc = make_doc(crawler_requests("2021", {"withheld_state_secret": "1000001"}))
    r = bind(doc)
    req = r.tables["requests"]
    assert req.row("withheld_state_secret").values == [1, 0, 0, 0, 0, 0, 1]
    law = req.row("withheld_law")
    assert law.label_as_written == "2.其他法律行政法规禁止公开"
    assert text_of(doc, law.label_span) == "2.其他法律行政法规禁止公开"
    assert req.missing_rows == []


def test_inline_total_run_gives_failed_relations():
    r = bind(make_doc(crawler_requests("2020", {"total": "1000000"})))
    req = r.tables["requests"]
    assert req.row("total").values == [1, 0, 0, 0, 0, 0, 0]
    failed = {(x.relation.id, x.scope) for x in evaluate_bound(r) if x.status == "failed"}
    assert ("T3-2", "natural") in failed and ("T3-3", "total") in failed


def test_inline_unique_reading_is_rl006():
    doc = make_doc(crawler_requests("2021", {"new": "10 0 0 0 01", "total": "10 0 0 0 01",
                                             "granted": "10 0 0 0 01"}))
    r = bind(doc)
    req = r.tables["requests"]
    assert req.row("new").values == [1, 0, 0, 0, 0, 0, 1]
    inferred = [d for d in r.diagnostics if d.code == codes.CELLS_INFERRED]
    assert len(inferred) == 3 and inferred[0].data["reading"] == ["1", "0", "0", "0", "0", "0", "1"]
    assert "1 | 0 | 0 | 0 | 0 | 0 | 1" in inferred[0].message
    assert [text_of(doc, c.span) for c in req.row("new").cells] == ["1", "0", "0", "0", "0", "0",
                                                                   "1"]
    assert all(c.note and "拆分" in c.note for c in req.row("new").cells)


def test_inline_forced_zero_runs_need_no_diagnostic():
    r = bind(make_doc(crawler_requests("2021", {"carried_over": "0 0 0 0 0 00",
                                                "granted": "00 0 0 0 00"})))
    assert r.tables["requests"].row("granted").values == [0] * 7
    assert r.diagnostics == []


def test_inline_reading_decided_by_total_is_rl006():
    # Seven readings of 000103215 are possible; only 0|0|0|10|3|2|15 has 总计 = sum.
    r = bind(make_doc(crawler_requests("2021", {"new": "000103215"})))
    assert r.tables["requests"].row("new").values == [0, 0, 0, 10, 3, 2, 15]
    d = next(d for d in r.diagnostics if d.code == codes.CELLS_INFERRED)
    assert "总计等于各项之和" in d.message


def test_inline_unresolvable_row_is_rl005():
    r = bind(make_doc(crawler_requests("2021", {"new": "5 2 7"})))
    row = r.tables["requests"].row("new")
    assert row.unreadable and row.values == [None] * 7
    assert [d.code for d in r.diagnostics] == [codes.CELLS_AMBIGUOUS]
    t31 = [x for x in evaluate_bound(r) if x.relation.id == "T3-1"]
    assert all(x.status == "not_evaluable" for x in t31)


def test_inline_table_four():
    head = "".join(TABLE4_HEADER)
    r = bind(make_doc(head + "001010000000000五、存在的主要问题"))
    assert r.tables["review_litigation"].row("cases").values == [0, 0, 1, 0, 1] + [0] * 10


# --- seeds and crawler texts of the shared corpus ------------------------------------------

def load(path):
    loaders = pytest.importorskip("report_lint.loaders")
    if not hasattr(loaders, "load_document"):
        pytest.skip("loader not available yet")
    return loaders.load_document(path)


@pytest.mark.parametrize("prefix, tid", [("000", "2020"), ("001", "2021"), ("002", "2021"),
                                         ("003", "2021"), ("004", "2020")])
def test_seed_templates_and_relations(prefix, tid):
    r = bind(load(seed(prefix)))
    assert r.template.id == tid and r.template.confidence > 0.9
    assert set(r.tables) == {"active_disclosure", "requests", "review_litigation"}
    assert all(m.id == tid for m in r.table_templates.values())
    assert all(t.missing_rows == [] for t in r.tables.values())
    assert not [d for d in r.diagnostics if d.code in (codes.TABLE_UNBOUND, codes.CELLS_AMBIGUOUS)]
    results = evaluate_bound(r)
    assert not [(x.relation.id, x.scope) for x in results if x.status == "failed"]
    core = [x for x in results if x.relation.id in ("T3-1", "T3-2", "T3-3", "T4-1", "T4-2",
                                                    "T4-3")]
    assert core and all(x.status == "ok" for x in core)


def test_seed_000_values():
    r = bind(load(seed("000")))
    assert r.tables["requests"].row("new").values == [53, 0, 0, 0, 0, 0, 53]
    assert r.tables["requests"].value("total", "natural") == 52
    assert r.tables["review_litigation"].row("cases").values == [1, 1, 0, 0, 2, 2, 0, 0, 0, 2, 1,
                                                                 0, 0, 0, 1]
    assert r.tables["active_disclosure"].row("other_services").values == [1, 0, 0]


def test_seed_004_blank_cells():
    r = bind(load(seed("004")))
    assert r.tables["active_disclosure"].row("rules").values == [0, None, None]
    assert r.tables["active_disclosure"].row("normative").values == [0, None, None]
    assert r.tables["active_disclosure"].row("other_services").values == [0, 20, 0]


def test_seed_003_normative_documents():
    r = bind(load(seed("003")))
    assert r.tables["active_disclosure"].row("normative").values == [0, 0, 4]
    assert r.tables["review_litigation"].row("cases").values[:5] == [0, 1, 0, 0, 1]


def test_seed_002_henan_label_and_001_truncations():
    r2 = bind(load(seed("002")))
    assert [h.region for h in r2.labels if h.kind == "local"] == ["河南"]
    r1 = bind(load(seed("001")))
    assert {h.written for h in r1.labels if h.kind == "truncation"} == {"结果", "其他", "尚未"}


def test_seed_spans_are_exact():
    doc = load(seed("000"))
    r = bind(doc)
    for t in r.tables.values():
        for row in t.rows.values():
            for c in row.cells:
                if c is not None:
                    assert text_of(doc, c.span) == c.raw


def test_haitan_2021_old_template_and_total_defect():
    r = bind(load(real("pingtan-haitan-pianqu_2021.txt")))
    assert r.template.id == "2020"  # a 2021 report on the old template
    assert r.table_templates["requests"].id == "2020"
    req = r.tables["requests"]
    assert req.row("total").values == [1, 0, 0, 0, 0, 0, 0]
    failed = {(x.relation.id, x.scope) for x in evaluate_bound(r) if x.status == "failed"}
    assert ("T3-2", "natural") in failed
    buy = r.tables["active_disclosure"].row("procurement")
    assert buy.unreadable and any(d.code == codes.CELLS_AMBIGUOUS for d in r.diagnostics)
    assert any(h.kind == "typo" and "钩稽" in h.written for h in r.labels)


def test_haitan_2024_total_column_zero():
    doc = load(real("pingtan-haitan-pianqu_2024.txt"))
    r = bind(doc)
    assert r.template.id == "2021"
    new = r.tables["requests"].row("new")
    assert new.values == [5, 1, 0, 0, 0, 0, 0]
    assert [text_of(doc, c.span) for c in new.cells] == list("5100000")
    failed = {(x.relation.id, x.scope) for x in evaluate_bound(r) if x.status == "failed"}
    assert ("T3-3", "new") in failed
    assert r.tables["active_disclosure"].missing_rows == ["rules"]
    assert r.tables["review_litigation"].row("cases").values[:5] == [0, 0, 1, 0, 1]


def test_haitan_2023_mixed_templates():
    r = bind(load(real("pingtan-haitan-pianqu_2023.txt")))
    assert r.table_templates["active_disclosure"].id == "2021"
    assert r.table_templates["requests"].id == "2020"
    kinds = {(h.element, h.kind) for h in r.labels}
    assert ("item1.valid", "typo") in kinds and ("normative", "old") in kinds


def test_suping_2021_inferred_readings():
    r = bind(load(real("pingtan-suping-pianqu_2021.txt")))
    assert r.template.id == "2021"
    req = r.tables["requests"]
    assert req.row("new").values == [1, 0, 0, 0, 0, 0, 1]
    assert req.row("partial").values == [1, 0, 0, 0, 0, 0, 1]
    assert r.tables["active_disclosure"].row("normative").values == [1, 0, 1]
    assert {d.code for d in r.diagnostics} == {codes.CELLS_INFERRED}
    assert not [x for x in evaluate_bound(r) if x.status == "failed"]


def test_suping_2019_money_with_unit():
    r = bind(load(real("pingtan-suping-pianqu_2019.txt")))
    buy = r.tables["active_disclosure"].row("procurement")
    assert buy.values == [9, 152.2] and "万元" in buy.cells[1].note


@pytest.mark.parametrize("name", [f"pingtan-{p}-pianqu_{y}.txt" for p in ("haitan", "suping")
                                  for y in range(2019, 2026)])
def test_crawler_texts_bind(name):
    r = bind(load(real(name)))
    year = int(name[-8:-4])
    assert set(r.tables) == {"active_disclosure", "requests", "review_litigation"}
    assert r.template.id in ("2020", "2021")
    if "suping" in name:  # 苏平 follows the template of its year
        assert r.template.id == ("2020" if year <= 2020 else "2021")
    assert not [d for d in r.diagnostics if d.code == codes.TABLE_UNBOUND]
