"""Section tree building (`report_lint.loaders.structure`): headings, nesting, spans, preamble."""
from __future__ import annotations

from pathlib import Path

import pytest

from report_lint.loaders import load_document
from report_lint.loaders.structure import (Heading, find_inline_headings, find_inline_subheadings,
                                           split_heading_line)
from report_lint.loaders.text import parse_text
from report_lint.model import Document, Paragraph, Table
from report_lint.source import Source, Span
from report_lint.templates import match_section_title

FIXTURES = Path(__file__).parent / "fixtures" / "text"
CORPUS = Path(__file__).parents[1] / ".." / "shared" / "corpus"

SEED_NUMBERS = {
    "000": [1, 2, 3, 4, 5],
    "001": [1, 2, 3, 4, 5, 6],
    "002": [1, 1, 2, 3, 4, 5, 6],
    "003": [1, 2, 3, 4, 5, 6],
    "004": [1, 2, 3, 4, 5, 6],
}


def seed(n: str) -> Document:
    found = sorted(CORPUS.glob(f"seeds/{n}_*.txt")) if CORPUS.is_dir() else []
    if not found:
        pytest.skip("seed corpus not present")
    return load_document(found[0])


def real(name: str) -> Document:
    path = CORPUS / "real" / name
    if not path.is_file():
        pytest.skip(f"{name} not present")
    return load_document(path)


def load_text(text: str) -> Document:
    return parse_text(Source("t.txt", text))


def par(text: str, start: int = 0) -> Paragraph:
    return Paragraph(text, Span(start, start + len(text)))


def line_of(doc: Document, offset: int) -> int:
    return doc.source.line_col(offset)[0]


# --- the seeds ------------------------------------------------------------------------------------

@pytest.mark.parametrize("n, numbers", SEED_NUMBERS.items())
def test_seed_section_numbers(n, numbers):
    doc = seed(n)
    assert [s.number for s in doc.sections] == numbers
    # Table row labels (一、本年新收…, 四、结转下年度…) never become sections.
    assert not any("本年新收" in s.title or "结转下年度" in s.title for s in doc.sections)
    assert all(s.level == 1 for s in doc.sections)


@pytest.mark.parametrize("n", SEED_NUMBERS)
def test_seed_heading_spans_and_keys(n):
    doc = seed(n)
    text = doc.source.text
    for s in doc.sections:
        assert text[s.heading_span.start:s.heading_span.end] == s.numeral + "、" + s.title
        assert doc.source.line_text(line_of(doc, s.heading_span.start)).startswith(s.numeral + "、")
    keys = [s.key for s in doc.sections if s.key]
    assert keys[:5] == ["overview", "active_disclosure", "requests", "review_litigation", "problems"]


def test_seed_002_keeps_the_duplicate_numbering():
    doc = seed("002")
    first, second = doc.sections[:2]
    assert (first.number, first.title, first.key) == (1, "总体情况", "overview")
    assert (second.number, second.title, second.key) == (1, "主要工作开展情况", None)
    assert (line_of(doc, first.heading_span.start), line_of(doc, second.heading_span.start)) == (1, 3)
    assert [sub.title for sub in second.subsections] == ["进一步健全机制,加强政务公开组织领导",
                                                         "进一步突出重点,抓住提高公开水平关键"]
    assert doc.preamble == []


def test_seed_000_section_six_is_missing_and_five_runs_to_the_end():
    doc = seed("000")
    five = doc.sections[-1]
    assert five.key == "problems" and line_of(doc, five.heading_span.start) == 342
    assert doc.source.text[five.span.end:].strip() == ""


def test_tables_belong_to_the_section_before_them():
    doc = seed("000")
    owners = [s.number for s in doc.sections for b in s.iter_blocks() if isinstance(b, Table)]
    assert owners == [2, 3, 4]
    for s in doc.sections:
        for b in s.iter_blocks():
            assert s.span.start <= b.span.start <= b.span.end <= s.span.end


def test_section_spans_run_to_the_next_heading():
    doc = seed("001")
    text = doc.source.text
    for a, b in zip(doc.sections, doc.sections[1:]):
        assert a.span.start == a.heading_span.start
        assert a.span.end <= b.span.start and text[a.span.end:b.span.start].strip() == ""
    assert text[doc.sections[-1].span.start:doc.sections[-1].span.end] == "六、其他需要报告的事项\n无"


def test_seed_000_subsection_title_ends_at_the_full_stop():
    doc = seed("000")
    subs = doc.sections[0].subsections
    assert [s.title for s in subs] == ["《条例》宣传教育培训情况", "依申请公开办理情况", "政府信息公开平台建设情况",
                                       "政府信息公开监督保障情况"]
    assert [s.number for s in subs] == [1, 2, 3, 4] and all(s.level == 2 for s in subs)
    first = subs[0]
    assert line_of(doc, first.heading_span.start) == 4
    assert doc.source.text[first.heading_span.start:first.heading_span.end] == "(一)《条例》宣传教育培训情况"
    body = first.blocks[0]
    assert isinstance(body, Paragraph) and body.text.startswith("2020年4月份")
    # Narration before the first subsection belongs to the section itself.
    assert doc.sections[0].blocks[0].text.startswith("2020年,如东县")


def test_seed_preambles():
    assert [b.text for b in seed("001").preamble] == ["陈家坝镇人民政府", "政府信息公开工作年度报告", "(2023年度)"]
    (p,) = seed("000").preamble
    assert "统计期限为2020年1月1日起至12月31日" in p.text
    assert seed("004").preamble == [] and seed("002").preamble == []


def test_seed_004_overview_subsections():
    doc = seed("004")
    assert [s.title for s in doc.sections[0].subsections] == ["主动公开", "依申请公开", "政府信息管理", "平台建设",
                                                              "监督保障"]


# --- crawler texts --------------------------------------------------------------------------------

@pytest.mark.parametrize("name", [f"pingtan-{a}-pianqu_{y}.txt" for a in ("haitan", "suping")
                                  for y in range(2019, 2026)])
def test_crawler_texts_have_six_sections(name):
    doc = real(name)
    assert [s.number for s in doc.sections] == [1, 2, 3, 4, 5, 6]
    text = doc.source.text
    for s in doc.sections:
        assert text[s.heading_span.start:s.heading_span.end] == s.numeral + "、" + s.title
    assert doc.preamble and all(isinstance(b, Paragraph) for b in doc.preamble)
    assert [sum(isinstance(b, Table) for b in s.iter_blocks()) for s in doc.sections][1:4] == [1, 1, 1]


def test_crawler_statutory_keys_and_variant_structure():
    doc = real("pingtan-haitan-pianqu_2025.txt")
    assert [s.key for s in doc.sections] == ["overview", "active_disclosure", "requests",
                                             "review_litigation", "problems", "other"]
    assert doc.sections[5].title == "其他需报告的事项"
    doc = real("pingtan-suping-pianqu_2023.txt")
    five, six = doc.sections[4:]
    assert (five.title, five.key) == ("信息处理费收取情况", None)  # continues the numbering
    assert (six.title, six.key) == ("存在的主要问题和改进情况", "problems")
    assert [s.title for s in six.subsections] == ["存在的主要问题", "改进措施"]


def test_crawler_inline_subsections():
    doc = real("pingtan-haitan-pianqu_2022.txt")
    assert [s.title for s in doc.sections[0].subsections] == [
        "主动公开政府信息的情况", "政府信息依申请公开办理情况", "政府信息管理情况", "政府信息公开平台建设情况", "监督保障情况"]
    # No subsection inside the tables: （一）予以公开 is a table row.
    assert all(not s.subsections for s in doc.sections[1:4])


# --- line headings --------------------------------------------------------------------------------

def test_heading_line_with_body_after_the_full_stop():
    items = split_heading_line(par("一、总体情况。2020年，本机关认真落实条例。", 10))
    heading, rest = items
    assert isinstance(heading, Heading) and heading.title == "总体情况" and heading.key == "overview"
    assert heading.span == Span(10, 16) and heading.number == 1
    assert isinstance(rest, Paragraph) and rest.text == "2020年，本机关认真落实条例。"
    assert rest.span.start == 17


@pytest.mark.parametrize("line, level, number, title", [
    ("一、总体情况", 1, 1, "总体情况"),
    ("  三．收到和处理政府信息公开申请情况", 1, 3, "收到和处理政府信息公开申请情况"),
    ("六.其他需要报告的事项：", 1, 6, "其他需要报告的事项"),
    ("十、附则", 1, 10, "附则"),
    ("(一)加强组织领导,健全工作机制", 2, 1, "加强组织领导,健全工作机制"),
    ("（二）依申请公开情况。全年未收到申请。", 2, 2, "依申请公开情况"),
])
def test_heading_lines(line, level, number, title):
    heading = split_heading_line(par(line))[0]
    assert isinstance(heading, Heading)
    assert (heading.level, heading.number, heading.title) == (level, number, title)


def test_long_heading_line_is_a_heading_only_with_a_statutory_title():
    body = "，".join(["本机关认真贯彻落实政府信息公开条例"] * 4)
    heading, rest = split_heading_line(par("一、总体情况2021年" + body))
    assert heading.title == "总体情况" and rest.text.startswith("2021年")
    (only,) = split_heading_line(par("一、" + body))
    assert isinstance(only, Paragraph)
    (only,) = split_heading_line(par("一是完善制度。"))
    assert isinstance(only, Paragraph)


def test_subsection_before_any_section_stays_in_the_preamble():
    doc = load_text("（一）说明\n一、总体情况\n正文\n")
    assert [b.text for b in doc.preamble] == ["（一）说明"]
    assert [s.number for s in doc.sections] == [1]


def test_numbering_is_kept_as_written():
    doc = load_text("一、总体情况\n二、主动公开政府信息情况\n二、收到和处理政府信息公开申请情况\n")
    assert [(s.number, s.key) for s in doc.sections] == [(1, "overview"), (2, "active_disclosure"),
                                                         (2, "requests")]


def test_plain_prose_gets_a_no_structure_diagnostic():
    doc = load_text("这是一段没有任何编号标题的文字。\n第二段。\n")
    assert doc.sections == [] and [d.code for d in doc.diagnostics] == ["RL003"]
    assert load_text("一、总体情况\n").diagnostics == []


# --- inline headings ------------------------------------------------------------------------------

def test_inline_headings_need_a_statutory_title():
    text = ("本报告。一、总体情况2021年，工作开展。二、主动公开政府信息情况规章000"
            "一、本年新收政府信息公开申请数量0000000第一、条例十一、其他")
    found = find_inline_headings(text)
    assert [(h.number, h.title) for h in found] == [(1, "总体情况"), (2, "主动公开政府信息情况")]
    assert text[found[0].span.start:found[0].span.end] == "一、总体情况"


def test_inline_heading_continuing_the_numbering():
    text = "四、政府信息公开行政复议、行政诉讼情况000五、信息处理费收取情况通知收取件数0六、存在的主要问题和改进情况"
    found = find_inline_headings(text)
    assert [(h.number, h.title, h.key) for h in found] == [
        (4, "政府信息公开行政复议、行政诉讼情况", "review_litigation"),
        (5, "信息处理费收取情况", None), (6, "存在的主要问题和改进情况", "problems")]
    # Out of sequence and not statutory: not a heading (a table row label).
    assert find_inline_headings("三、收到和处理政府信息公开申请情况四、结转下年度继续办理0") [1:] == []


def test_inline_headings_tolerate_blanks_and_punctuation_width():
    text = "四、政府信息公开 行政复议、行政诉讼情况 五、 存在的主要问题及改进情况六．其他需要报告事项"
    found = find_inline_headings(text)
    assert [h.key for h in found] == ["review_litigation", "problems", "other"]
    assert found[0].title == "政府信息公开 行政复议、行政诉讼情况"
    assert text[found[1].span.start:found[1].span.end] == "五、 存在的主要问题及改进情况"
    # Same verdict as templates.match_section_title, which compares normalised text.
    assert match_section_title("（本列数据") is None
    assert find_inline_headings("一、主动公开政府信息(的)情况") == []


def test_inline_subheadings():
    p = par("开头。（一）主动公开情况2020年共公开254条。（二）依申请公开情况。无。第（三）项不是标题", 100)
    items = find_inline_subheadings(p)
    kinds = [(type(i).__name__, getattr(i, "title", None) or i.text) for i in items]
    assert kinds == [("Paragraph", "开头。"), ("Heading", "主动公开情况"), ("Paragraph", "2020年共公开254条。"),
                     ("Heading", "依申请公开情况"), ("Paragraph", "无。第（三）项不是标题")]
    heading = items[1]
    assert heading.span.start == 100 + p.text.index("（一）")
