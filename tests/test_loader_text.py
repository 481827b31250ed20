"""The text loader (seed form with pipe tables, crawler form with run-together tables) and the
format registry in `report_lint.loaders`."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from report_lint.facts import extract_facts
from report_lint.loaders import get_loader, load_document, sniff_format
from report_lint.loaders.text import MAX_TABLE_CELLS, parse_text, tokenize
from report_lint.model import Document, Paragraph, Section, Table
from report_lint.source import InputError, Source, Span

FIXTURES = Path(__file__).parent / "fixtures" / "text"
CORPUS = Path(__file__).parents[1] / ".." / "shared" / "corpus"


def corpus_file(pattern: str) -> Path:
    found = sorted(CORPUS.glob(pattern)) if CORPUS.is_dir() else []
    if not found:
        pytest.skip(f"corpus file {pattern} not present")
    return found[0]


def load_text(text: str, path: str = "t.txt") -> Document:
    return parse_text(Source(path, text))


def raws(table: Table) -> list[str]:
    return [c.raw for c in table.cells]


def section_tables(doc: Document, number: int) -> list[Table]:
    s = doc.section(number)
    assert s is not None
    return [b for b in s.iter_blocks() if isinstance(b, Table)]


def all_spans(doc: Document):
    for key, (_, span) in doc.metadata.items():
        if span is not None:
            yield f"metadata {key}", span
    for b in doc.preamble:
        yield from _block_spans(b)
    for s in doc.sections:
        yield from _section_spans(s)


def _section_spans(s: Section):
    yield f"section {s.numeral}", s.span
    yield f"heading {s.numeral}", s.heading_span
    for b in s.blocks:
        yield from _block_spans(b)
    for sub in s.subsections:
        yield from _section_spans(sub)


def _block_spans(b: Paragraph | Table):
    yield type(b).__name__, b.span
    if isinstance(b, Table):
        for c in b.cells:
            yield "cell", c.span


# --- seed form: pipe tables -----------------------------------------------------------------------

def test_every_pipe_ends_one_cell():
    doc = load_text("规章 |\n0 |\n|||\n")
    (table,) = doc.tables()
    assert raws(table) == ["规章", "0", "", "", ""]
    assert [c.kind for c in table.cells] == ["text", "number", "blank", "blank", "blank"]
    assert table.cells[1].value == 0
    assert table.rows == [] and table.inline is False


def test_content_followed_by_a_pipe_run():
    text = "1 | ||\n"
    (table,) = load_text(text).tables()
    assert raws(table) == ["1", "", ""]
    one, blank1, blank2 = table.cells
    assert text[one.span.start:one.span.end] == "1"
    # A blank keeps a zero-or-more width span that ends at its pipe.
    assert text[blank1.span.start:blank1.span.end] == " " and text[blank1.span.end] == "|"
    assert blank2.span.length == 0 and text[blank2.span.end] == "|"


def test_text_after_the_last_pipe_is_a_cell_too():
    (table,) = load_text("0 | 1\n").tables()
    assert raws(table) == ["0", "1"]


def test_table_block_is_a_maximal_run_of_pipe_lines():
    doc = load_text("前言\n甲 |\n1 |\n中间一行\n乙 |\n\n丙 |\n")
    assert [raws(t) for t in doc.tables()] == [["甲", "1"], ["乙"], ["丙"]]
    assert [b.text for b in doc.preamble if isinstance(b, Paragraph)] == ["前言", "中间一行"]


def test_small_seed_fixture_cells_and_spans():
    path = FIXTURES / "seed_small.txt"
    doc = load_document(path)
    src = doc.source
    t2 = section_tables(doc, 2)[0]
    assert raws(t2)[9:19] == ["规章", "0", "", "", "", "行政规范性文件", "1", "", "", "2"]
    gz = t2.cells[9]
    assert src.line_col(gz.span.start) == (15, 1)
    blank = t2.cells[11]  # first cell of the `|||` line
    assert src.line_col(blank.span.start) == (17, 1) and blank.span.length == 0
    for c in t2.cells:
        assert src.text[c.span.start:c.span.end].strip() == c.raw
    # The table span runs from its first line's text to its last line's end (`2 |`).
    assert t2.span.start == src.text.index("第二十条")
    assert src.text[t2.span.end - 3:t2.span.end] == "2 |" and src.line_col(t2.span.end)[0] == 20


def test_seed_004_rule_row_has_a_number_then_blanks():
    doc = load_document(corpus_file("seeds/004_*.txt"))
    src = doc.source
    cells = section_tables(doc, 2)[0].cells
    i = next(i for i, c in enumerate(cells) if c.raw == "规章")
    assert [c.raw for c in cells[i:i + 5]] == ["规章", "0", "", "", ""]
    assert [c.kind for c in cells[i + 1:i + 5]] == ["number", "blank", "blank", "blank"]
    assert src.line_col(cells[i].span.start)[0] == 13
    assert src.line_col(cells[i + 1].span.start)[0] == 14
    assert {src.line_col(c.span.start)[0] for c in cells[i + 2:i + 5]} == {15}
    assert src.line_text(15) == "|||"


def test_seed_000_table_cells():
    doc = load_document(corpus_file("seeds/000_*.txt"))
    src = doc.source
    t2, t3, t4 = (section_tables(doc, n)[0] for n in (2, 3, 4))
    assert raws(t2)[:5] == ["第二十条第(一)项", "", "", "", ""]  # L9 then `||||` (L10)
    assert raws(t2)[10:14] == ["规章", "0", "0", "0"]
    row = raws(t3)
    i = row.index("一、本年新收政府信息公开申请数量")
    assert row[i + 1:i + 10] == ["53", "0", "0", "0", "0", "0", "53", "", ""]
    assert "商业 企业" in row  # inner spaces of labels are kept
    assert [c.value for c in t4.cells if c.kind == "number"] == [1, 1, 0, 0, 2, 2, 0, 0, 0, 2,
                                                                   1, 0, 0, 0, 1]
    last = t4.cells[-1]
    assert src.line_col(last.span.start) == (341, 1)
    for t in (t2, t3, t4):
        for c in t.cells:
            assert src.text[c.span.start:c.span.end].strip() == c.raw


def test_seed_003_has_no_blank_cells():
    doc = load_document(corpus_file("seeds/003_*.txt"))
    cells = section_tables(doc, 2)[0].cells
    assert all(c.kind != "blank" for c in cells)
    row = [c.raw for c in cells]
    i = row.index("行政规范性文件")
    assert row[i + 1:i + 4] == ["0", "0", "4"]


# --- crawler form ---------------------------------------------------------------------------------

def test_crawler_metadata_is_read_with_spans():
    doc = load_document(FIXTURES / "crawler_small.txt")
    text = doc.source.text
    value, span = doc.metadata["标题"]
    assert value == "青山县白云镇人民政府 2021年度政府信息公开工作年度报告"
    assert text[span.start:span.end] == value
    assert doc.metadata["发布时间"][0] == "2022-01-20 10:00"
    assert doc.metadata["文号"][0] == ""
    assert "页面链接与图片详见 links.tsv(同目录)" not in doc.metadata
    # The header is not part of the report: the preamble starts in the body.
    assert doc.preamble[0].span.start > text.index("==== 正文")


def test_crawler_tables_are_inline_tokens():
    doc = load_document(FIXTURES / "crawler_small.txt")
    t2, t3, t4 = (section_tables(doc, n)[0] for n in (2, 3, 4))
    assert all(t.inline and t.rows == [] for t in (t2, t3, t4))
    assert raws(t2) == [
        "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章", "000", "行政规范性文件", "444",
        "第二十条第（八）项信息内容本年收费金额（单位：万元）行政事业性收费", "0", "0",
        "第二十条第（九）项信息内容采购项目数量采购总金额政府集中采购", "1328291965元"]
    r3 = raws(t3)
    # The enumerator digit `2` of `2.其他…` goes to the label; `0000000` stays one token.
    i = r3.index("1.属于国家秘密")
    assert r3[i:i + 4] == ["1.属于国家秘密", "0000000", "2.其他法律行政法规禁止公开", "0000000"]
    assert raws(t4) == ["行政复议行政诉讼结果维持结果纠正", "000000000000000"]
    assert t2.cells[1].kind == "number" and t2.cells[-1].kind == "text"  # unit kept → text


def test_crawler_token_spans_match_text():
    doc = load_document(FIXTURES / "crawler_small.txt")
    text = doc.source.text
    for t in doc.tables():
        for c in t.cells:
            assert text[c.span.start:c.span.end] == c.raw and c.raw and not any(
                ch.isspace() for ch in c.raw)


@pytest.mark.parametrize("name", ["haitan-pianqu_2021", "haitan-pianqu_2022", "suping-pianqu_2020",
                                  "suping-pianqu_2024"])
def test_real_crawler_texts(name):
    doc = load_document(corpus_file(f"real/pingtan-{name}.txt"))
    text = doc.source.text
    assert doc.metadata["标题"][0].endswith(("年度报告", "报告的函"))
    assert [s.number for s in doc.sections] == [1, 2, 3, 4, 5, 6]
    for n in (2, 3, 4):
        (table,) = section_tables(doc, n)
        assert table.inline
        for c in table.cells:
            assert text[c.span.start:c.span.end] == c.raw


def test_real_crawler_specific_tokens():
    doc = load_document(corpus_file("real/pingtan-haitan-pianqu_2021.txt"))
    r2 = raws(section_tables(doc, 2)[0])
    assert r2[r2.index("规范性文件") + 1] == "444"
    assert r2[-1] == "328291965元"
    i = next(i for i, r in enumerate(r2) if r.endswith("行政事业性收费"))
    assert r2[i + 1:i + 3] == ["0", "0"]
    doc = load_document(corpus_file("real/pingtan-haitan-pianqu_2022.txt"))
    r3 = raws(section_tables(doc, 3)[0])
    assert r3[r3.index("（三）不予公开") + 1] == "1.属于国家秘密"
    assert r3[1] == "4000004"  # 本年新收: never split into single cells here
    doc = load_document(corpus_file("real/pingtan-suping-pianqu_2020.txt"))
    r3 = raws(section_tables(doc, 3)[0])
    assert r3[1:6] == ["2", "00", "00", "0", "2"]  # blanks separate tokens


@pytest.mark.parametrize("text, tokens", [
    ("规章000规范性文件444", ["规章", "000", "规范性文件", "444"]),
    ("00000002.其他法律", ["0000000", "2.其他法律"]),
    ("（三）不予公开1.属于国家秘密0", ["（三）不予公开", "1.属于国家秘密", "0"]),
    ("行政事业性收费0 0", ["行政事业性收费", "0", "0"]),
    ("采购1018703元三、", ["采购", "1018703元", "三、"]),
    ("金额3922533.2元", ["金额", "3922533.2元"]),
    ("采购 9 152.2万元", ["采购", "9", "152.2万元"]),
    ("本年增/减+1036 -3", ["本年增/减", "+1036", "-3"]),
    ("总额1,234,567元", ["总额", "1,234,567元"]),
    ("— -", ["—", "-"]),
    ("0　0\u00a00", ["0", "0", "0"]),
    ("2.", ["2", "."]),  # an enumerator needs a label after it
])
def test_tokenize(text, tokens):
    assert [text[s:e] for s, e in tokenize(text)] == tokens


# --- newlines and encodings -----------------------------------------------------------------------

def structure(doc: Document) -> list:
    return [(s.number, s.title, s.key, [raws(b) if isinstance(b, Table) else b.text
                                        for b in s.iter_blocks()]) for s in doc.sections]


@pytest.mark.parametrize("name", ["seed_small.txt", "crawler_small.txt"])
@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_newline_styles_give_the_same_structure(name, newline, tmp_path):
    original = (FIXTURES / name).read_text("utf-8")
    path = tmp_path / name
    path.write_bytes(original.replace("\n", newline).encode("utf-8"))
    doc = load_document(path)
    assert doc.source.newline == newline
    assert structure(doc) == structure(load_document(FIXTURES / name))
    assert doc.metadata.keys() == load_document(FIXTURES / name).metadata.keys()
    first = doc.sections[0]
    assert doc.source.line_col(first.heading_span.start)[0] == (3 if name == "seed_small.txt" else 9)


@pytest.mark.parametrize("name", ["seed_small.txt", "crawler_small.txt"])
@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig"])
def test_encodings_give_the_same_structure(name, encoding, tmp_path):
    original = (FIXTURES / name).read_text("utf-8")
    path = tmp_path / name
    path.write_bytes(original.encode(encoding))
    doc = load_document(path)
    assert doc.source.text == original
    assert structure(doc) == structure(load_document(FIXTURES / name))


def test_bom_is_not_part_of_the_text():
    data = "\ufeff一、总体情况\n正文。\n".encode("utf-8")
    doc = load_document("bom.txt", data)
    assert doc.source.bom and doc.sections[0].heading_span == Span(0, 6)


def test_too_many_cells_are_capped_with_a_diagnostic():
    doc = load_text("|" * (MAX_TABLE_CELLS + 10))
    assert len(doc.tables()[0].cells) == MAX_TABLE_CELLS
    assert any(d.code == "RL001" for d in doc.diagnostics)


# --- format registry ------------------------------------------------------------------------------

@pytest.mark.parametrize("path, data, fmt", [
    ("a.txt", "一、总体情况".encode(), "text"),
    ("a", "一、总体情况".encode(), "text"),
    ("a.md", b"# x", "markdown"),
    ("a.HTM", b"x", "html"),
    ("page", b"  <!DOCTYPE html><html><body>", "html"),
    ("a.txt", b"%PDF-1.7 ...", "pdf"),
    ("a.docx", b"PK\x03\x04....word/document.xml", "docx"),
    ("a.zip", b"PK\x03\x04....", "zip"),
    ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "doc"),
])
def test_sniff_format(path, data, fmt):
    assert sniff_format(path, data) == fmt


@pytest.mark.parametrize("path, data, message", [
    ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "另存为 .docx"),
    ("a.zip", b"PK\x03\x04....", "压缩包"),
])
def test_refused_formats_raise_input_error_in_chinese(path, data, message):
    with pytest.raises(InputError, match=message):
        load_document(path, data)


def test_unimplemented_or_unknown_format_raises_input_error():
    with pytest.raises(InputError, match="格式"):
        get_loader("nonesuch")
    for fmt in ("markdown", "html", "docx", "pdf"):
        try:
            loader = get_loader(fmt)
        except InputError as exc:  # not written yet, or its library is missing
            assert any("\u4e00" <= ch <= "\u9fff" for ch in str(exc))
        else:
            assert callable(loader)


def test_unreadable_paths_raise_input_error(tmp_path):
    with pytest.raises(InputError, match="文件不存在"):
        load_document(tmp_path / "missing.txt")
    with pytest.raises(InputError, match="目录"):
        load_document(tmp_path)


def test_text_loading_imports_no_other_loader_or_heavy_library():
    code = ("import sys; from report_lint.loaders import load_document; "
            f"load_document({str(FIXTURES / 'seed_small.txt')!r}); "
            "print(' '.join(sorted(sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    modules = set(out.stdout.split())
    assert "report_lint.loaders.text" in modules
    for name in ("report_lint.loaders.html", "report_lint.loaders.docx", "report_lint.loaders.pdf",
                 "bs4", "lxml", "docx", "pdfplumber", "pypdf", "rich", "charset_normalizer"):
        assert name not in modules


# --- property test --------------------------------------------------------------------------------

_PIECES = ["一、", "二、", "六、", "十一、", "（一）", "(二)", "一.", "总体情况", "主动公开政府信息情况",
           "收到和处理政府信息公开申请情况", "其他需要报告的事项", "本年新收", "信息处理费收取情况", "第二十条",
           "本列数据", "|", " |", "||", "\n", "\r\n", "\r", " ", "　", "0", "12", "2.", ".属于", "元",
           "。", "，", "标题: ", "发布时间: 2021-01-01", "==== 正文 ====", "2020年", "1月1日", "统计期限为",
           "至", "起", "止", "《", "》", "县人民政府", "街道", "局", "x", "\ufeff", "\x00"]
_TEXT = st.one_of(st.text(max_size=300),
                  st.lists(st.sampled_from(_PIECES), max_size=80).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_loader_never_raises_and_spans_stay_in_bounds(text):
    doc = load_document("p.txt", text.encode("utf-8"))
    n = len(doc.source.text)
    for what, span in all_spans(doc):
        assert 0 <= span.start <= span.end <= n, what
    for s in doc.sections:
        assert s.span.start <= s.heading_span.start <= s.heading_span.end <= s.span.end
    facts, cands = extract_facts(doc)
    for fs in cands.values():
        for f in fs:
            assert f.span is None or 0 <= f.span.start <= f.span.end <= n
