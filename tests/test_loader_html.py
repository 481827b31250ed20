"""HTML loader: grid from rowspan/colspan, joined header cells, blank cells, charset, chrome,
CMS metadata, and spans into the page itself.

Expected values of the real pages were read off the published HTML by hand (the `<td>`s of each
row), not produced by this parser.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import real, run_cli
from report_lint.loaders import load_document
from report_lint.loaders.html import load as load_html
from report_lint.model import Document, Paragraph, Table
from report_lint.source import InputError


def _has_binder() -> bool:
    try:
        from report_lint.templates import bind  # noqa: F401
    except ImportError:
        return False
    return True


needs_binder = pytest.mark.skipif(not _has_binder(), reason="report_lint.templates.bind missing")


def html_doc(body: str, head: str = "", encoding: str = "utf-8") -> Document:
    page = f"<html><head>{head}</head><body>{body}</body></html>"
    return load_html("t.html", page.encode(encoding))


def row_of(table: Table, label: str) -> list[str]:
    """The raw texts of the first grid row whose label cell starts with `label`."""
    for row in table.rows:
        if any(c.raw.startswith(label) for c in row):
            return [c.raw for c in row]
    raise AssertionError(f"no row {label!r}")


def parse(path: str) -> dict:
    r = run_cli("parse", path, "--format", "json")
    assert r.code == 0, r.err
    return r.json()


def values(data: dict, table: str, key: str) -> list:
    rows = [r for r in data["tables"][table]["rows"] if r["key"] == key]
    assert rows, f"{table}.{key} not bound"
    return rows[0]["values"]


# --- synthetic pages ------------------------------------------------------------------------------

TABLE3_HEAD = """
<table border="1">
<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>
<td colspan="7">申请人情况</td></tr>
<tr><td rowspan="2"><p></p><p>自然人</p></td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
<tr><td><p>商业</p><p>企业</p></td><td>科研<br/>机构</td><td><span>社会</span>
<span>公益组织</span></td><td>法律服务机构</td><td>其他</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>26</td><td>&nbsp;</td><td></td><td> </td>
<td>&nbsp;&nbsp;</td><td><p>&nbsp;</p></td><td>26</td></tr>
</table>"""


def test_rowspan_colspan_grid_and_reading_order() -> None:
    doc = html_doc("<p>三、收到和处理政府信息公开申请情况</p>" + TABLE3_HEAD)
    t = doc.tables()[0]
    assert [len(r) for r in t.rows] == [10, 10, 10, 10]
    assert t.rows[0][0] is t.rows[2][2]  # the 3x3 corner repeated in the grid
    corner = t.cells[0]
    assert (corner.row_span, corner.col_span) == (3, 3)
    assert [c.raw for c in t.cells[1:4]] == ["申请人情况", "自然人", "法人或其他组织"]
    assert t.rows[2][3].raw == "自然人" and t.rows[2][9].raw == "总计"


def test_header_cell_pieces_joined() -> None:
    t = html_doc(TABLE3_HEAD).tables()[0]
    assert [c.raw for c in t.rows[2][4:9]] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def test_nbsp_and_empty_cells_are_blank_never_zero() -> None:
    doc = html_doc(TABLE3_HEAD)
    row = doc.tables()[0].rows[3]
    assert [c.kind for c in row[3:]] == ["number"] + ["blank"] * 5 + ["number"]
    assert [c.value for c in row[3:]] == [26, None, None, None, None, None, 26]
    text = doc.source.text
    assert text[row[4].span.start:row[4].span.end] == "&nbsp;"  # a fix replaces the entity
    empty = row[5]
    assert empty.span.start == empty.span.end and text[empty.span.start - 4:empty.span.start] == "<td>"


def test_cell_spans_point_into_the_page() -> None:
    doc = html_doc("<table><tr><td>行政许可</td><td><b> 1,234 </b></td></tr>"
                   "<tr><td>行政处罚</td><td>&#56;</td></tr></table>")
    text = doc.source.text
    cells = doc.tables()[0].cells
    assert text[cells[1].span.start:cells[1].span.end] == "1,234" and cells[1].value == 1234
    assert text[cells[3].span.start:cells[3].span.end] == "&#56;" and cells[3].value == 8


def test_fix_written_back_at_a_cell_span_changes_only_that_cell() -> None:
    doc = html_doc(TABLE3_HEAD)
    cell = doc.tables()[0].rows[3][4]
    text = doc.source.text
    fixed = text[:cell.span.start] + "0" + text[cell.span.end:]
    again = load_html("t.html", fixed.encode())
    assert [c.value for c in again.tables()[0].rows[3][3:]] == [26, 0, None, None, None, None, 26]


def test_paragraph_spans_and_br_split() -> None:
    doc = html_doc("<div>一、总体情况<br>2023年，我局<span>认真</span>落实。</div>")
    pars = [b for b in doc.iter_blocks() if isinstance(b, Paragraph)]
    assert pars[0].text == "2023年，我局认真落实。"
    s = pars[0].span
    assert doc.source.text[s.start:s.end] == "2023年，我局<span>认真</span>落实。"
    assert doc.sections[0].title == "总体情况"


def test_line_breaks_inside_chinese_text_dropped() -> None:
    doc = html_doc("<p>政府信\n   息公开 annual\n report</p>")
    assert doc.preamble[0].text == "政府信息公开 annual report"


def test_chrome_is_skipped() -> None:
    nav = "".join(f'<li><a href="/{i}">栏目{i}</a></li>' for i in range(6))
    body = (f'<div class="header"><p>网站首页 登录</p></div><ul class="x">{nav}</ul>'
            '<script>var a = "一、总体情况";</script><style>p{}</style>'
            '<div style="display:none">隐藏文字</div>'
            '<div class="content"><p>某局2023年政府信息公开工作年度报告</p><p>一、总体情况</p>'
            '<p>正文。</p><div class="bdshare"><a>分享到微信</a></div></div>'
            '<div class="related"><p>相关阅读</p></div>'
            '<div class="footer"><p>版权所有：某某网站</p></div>')
    doc = html_doc(body)
    texts = [b.text for b in doc.iter_blocks() if isinstance(b, Paragraph)]
    assert texts == ["某局2023年政府信息公开工作年度报告", "正文。"]


def test_layout_table_is_read_as_flow() -> None:
    inner = "<table><tr><td>规章</td><td>0</td></tr></table>"
    doc = html_doc(f"<table><tr><td><p>一、总体情况</p><p>正文</p>{inner}</td></tr></table>")
    assert doc.sections[0].title == "总体情况"
    assert [type(b).__name__ for b in doc.sections[0].blocks] == ["Paragraph", "Table"]


def test_cms_metadata_table_lines_and_meta_tags() -> None:
    head = ('<meta name="ArticleTitle" content="某局2023年政府信息公开工作年度报告">'
            '<meta name="PubDate" content="2024-01-20 10:00"><title>页面</title>')
    body = ('<table class="info"><tr><td>索引号</td><td>0143/2024-00002</td><td>分类</td><td>年报</td></tr>'
            '<tr><td>发布机构</td><td>某某县发展和改革局</td><td>公开日期</td><td>2024-01-17</td></tr></table>'
            '<div><span>来源：某某县政府办公室</span><span>时间：2024-01-18</span></div>'
            '<p>一、总体情况</p><p>发布机构：正文里的这句不是元数据</p>')
    doc = html_doc(body, head)
    meta = {k: v for k, (v, _) in doc.metadata.items()}
    assert meta["索引号"] == "0143/2024-00002"
    assert meta["发布机构"] == "某某县发展和改革局"
    assert meta["公开日期"] == "2024-01-17"
    assert meta["来源"] == "某某县政府办公室" and meta["时间"] == "2024-01-18"
    assert meta["标题"] == "某局2023年政府信息公开工作年度报告"
    assert meta["发布时间"] == "2024-01-20 10:00"
    for value, span in doc.metadata.values():
        if span is not None:
            assert doc.source.text[span.start:span.end] == value
    assert doc.tables() == []  # the label/value block is not a report table
    assert doc.sections[0].blocks[0].text.startswith("发布机构：正文")


def test_gbk_page_with_declared_charset() -> None:
    page = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
            '</head><body><p>一、总体情况</p><p>𠀀镕</p></body></html>')
    doc = load_html("g.html", page.encode("gb18030"))
    assert doc.source.encoding == "gb18030"
    assert doc.sections[0].blocks[0].text == "𠀀镕"


def test_misdeclared_utf8_page_reads_as_utf8() -> None:
    page = '<meta charset="gbk"><p>一、总体情况</p>'
    assert load_html("u.html", page.encode()).source.encoding == "utf-8"


def test_deep_nesting_refused_shallow_accepted() -> None:
    with pytest.raises(InputError, match="嵌套过深"):
        load_html("d.html", b"<div>" * 200_000)
    assert load_html("ok.html", b"<div>" * 150 + "<p>一、总体情况</p>".encode()).sections


def test_unclosed_cells_and_paragraphs() -> None:
    doc = html_doc("<table><tr><td>规章<td>1<td>2<tr><td>行政规范性文件<td>3<td>4</table><p>a<p>b")
    assert [[c.raw for c in r] for r in doc.tables()[0].rows] == [["规章", "1", "2"],
                                                                 ["行政规范性文件", "3", "4"]]


def test_registry_sniffs_html_by_content() -> None:
    doc = load_document("page.txt", "<!DOCTYPE html><html><body><p>一、总体情况</p>".encode())
    assert doc.source.format == "html"


# --- real pages -----------------------------------------------------------------------------------

REAL_PAGES = ["shuyang-fgj_2023.html", "shanghai-bgt_2019.html", "pingtan-html-haitan_2023.html",
              "pingtan-html-jingfa_2021.html", "pingtan-html-pingtan_2024.html"]


@pytest.mark.parametrize("name", REAL_PAGES)
def test_real_page_structure_and_exact_cell_spans(name: str) -> None:
    doc = load_document(str(real(name)))
    assert [s.number for s in doc.sections] == [1, 2, 3, 4, 5, 6]
    assert len(doc.tables()) == 3
    text = doc.source.text
    for t in doc.tables():
        for c in t.cells:
            if c.kind == "number":
                assert text[c.span.start:c.span.end].replace(",", "") == c.raw.replace(",", "")
    for b in doc.iter_blocks():
        if isinstance(b, Paragraph):
            raw = text[b.span.start:b.span.end]
            assert raw.startswith(b.text[0]) and raw.endswith(b.text[-1])
    all_text = " ".join(b.text for b in doc.iter_blocks() if isinstance(b, Paragraph))
    for chrome in ("版权所有", "网站标识码", "友情链接", "无障碍", "当前位置", "扫一扫"):
        assert chrome not in all_text


def test_shuyang_document_level() -> None:
    doc = load_document(str(real("shuyang-fgj_2023.html")))
    t3 = doc.tables()[1]
    assert row_of(t3, "一、本年新收")[3:] == ["26", "", "", "", "", "", "26"]
    assert [c.kind for c in t3.rows[3][4:9]] == ["blank"] * 5
    meta = {k: v for k, (v, _) in doc.metadata.items()}
    assert meta["发布机构"] == "沭阳县发展和改革局"
    assert meta["公开日期"] == "2024-01-17"
    assert meta["索引号"] == "014314799/2024-00002"
    assert doc.sections[4].title == "存在的主要问题及整改措施"


def test_shanghai_br_headers_and_blank_cells() -> None:
    doc = load_document(str(real("shanghai-bgt_2019.html")))
    t2, t3, t4 = doc.tables()
    assert row_of(t2, "信息内容")[1:3] == ["本年新制作数量", "本年新公开数量"]
    assert row_of(t3, "一、本年新收")[3:] == ["821", "35", "", "", "2", "1", "859"]
    assert [c.raw for c in t4.rows[-1]] == ["5", "", "", "2", "7", "8", "", "", "1", "9",
                                            "", "", "", "", ""]


def test_jingfa_word_html_nbsp_totals_blank() -> None:
    doc = load_document(str(real("pingtan-html-jingfa_2021.html")))
    t3 = doc.tables()[1]
    granted = [r for r in t3.rows if r[1].raw.startswith("（一）予以公开")][0]
    assert [c.raw for c in granted[3:]] == ["0"] * 6 + [""]
    assert granted[-1].kind == "blank"


@needs_binder
def test_parse_shuyang() -> None:
    data = parse(str(real("shuyang-fgj_2023.html")))
    assert data["format"] == "html"
    assert values(data, "requests", "new") == [26, None, None, None, None, None, 26]
    assert values(data, "review_litigation", "cases") == [0, 0, 0, 1, 1] + [0] * 10
    assert values(data, "active_disclosure", "normative") == [8, 0, 18]
    assert data["published"] == "2024-01-17"


@needs_binder
def test_parse_pingtan_2024() -> None:
    data = parse(str(real("pingtan-html-pingtan_2024.html")))
    assert values(data, "requests", "new") == [217, 1, 0, 0, 0, 0, 218]
    assert values(data, "review_litigation", "cases") == [2, 1, 3, 1, 7, 0, 0, 0, 0, 0,
                                                           13, 2, 4, 0, 19]
    assert data["year"] == 2024


@needs_binder
def test_parse_shanghai_2019() -> None:
    data = parse(str(real("shanghai-bgt_2019.html")))
    assert values(data, "requests", "new") == [821, 35, None, None, 2, 1, 859]
    assert data["year"] == 2019


# --- properties -----------------------------------------------------------------------------------


_PIECES = st.sampled_from(["<table>", "</table>", "<tr>", "<td>", "</td>", '<td rowspan="3">',
                           '<td colspan="0">', "<p>", "</p>", "<br>", "&nbsp;", "&amp;", "&#x4e00;",
                           "一、总体情况", "12", "3,456", "规章", "<div class=nav>", "</div>",
                           "<!--", "-->", "<script>", "</script>", "<", ">", "\n", " "])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, max_size=60))
def test_any_tag_soup_loads_with_exact_number_spans(pieces: list[str]) -> None:
    try:
        doc = load_html("p.html", "".join(pieces).encode())
    except InputError:
        return
    text = doc.source.text
    for t in doc.tables():
        for c in t.cells:
            assert 0 <= c.span.start <= c.span.end <= len(text)
            if c.kind == "number" and "&" not in text[c.span.start:c.span.end]:
                assert text[c.span.start:c.span.end] == c.raw
