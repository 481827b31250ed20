"""DOCX loader: the 沭阳县发改局 2023 report rebuilt in Word the way clerks build it (merged
header cells, a two-line header written as two paragraphs, blank cells left empty), generated
here with python-docx; and the container guards.

The values are the published page's (read off the HTML by hand): 本年新收 26 | blank ×5 | 26,
table 四 0 0 0 1 1 | 0 … 0, 规范性文件 8 0 18.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from conftest import run_cli
from report_lint.loaders import load_document
from report_lint.loaders.docx import load as load_docx
from report_lint.model import Paragraph
from report_lint.source import InputError

docx = pytest.importorskip("docx")

T3_LEAVES = [
    ("（三）不予公开", ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”",
                  "4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息",
                  "7.属于行政执法案卷", "8.属于行政查询事项"]),
    ("（四）无法提供", ["1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作",
                  "3.补正后申请内容仍不明确"]),
    ("（五）不予处理", ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物",
                  "4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息"]),
    ("（六）其他处理", ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                  "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                  "3.其他"]),
]
PEOPLE = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def _merge(t, r0: int, c0: int, r1: int, c1: int, text: str):
    cell = t.cell(r0, c0).merge(t.cell(r1, c1))
    cell.text = text
    return cell


def _values(t, r: int, first: int, total: int) -> None:
    t.cell(r, 3).text = str(first)  # 自然人
    t.cell(r, 9).text = str(total)  # 总计; the 法人或其他组织 columns stay empty


def _table2(d) -> None:
    t = d.add_table(rows=14, cols=4)
    blocks = [(0, "第二十条第（一）项"), (4, "第二十条第（五）项"), (7, "第二十条第（六）项"),
              (11, "第二十条第（八）项")]
    for r, text in blocks:
        _merge(t, r, 0, r, 3, text)
    for i, h in enumerate(["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]):
        t.cell(1, i).text = h
    for r, row in ((2, ["规章", "0", "0", "0"]), (3, ["规范性文件", "8", "0", "18"])):
        for i, v in enumerate(row):
            t.cell(r, i).text = v
    for r, head, label in ((5, "本年处理决定数量", "行政许可"), (8, "本年处理决定数量", "行政处罚"),
                           (12, "本年收费金额（单位：万元）", "行政事业性收费")):
        t.cell(r, 0).text = "信息内容"
        _merge(t, r, 1, r, 3, head)
        t.cell(r + 1, 0).text = label
        _merge(t, r + 1, 1, r + 1, 3, "0")
    t.cell(10, 0).text = "行政强制"
    _merge(t, 10, 1, 10, 3, "0")


def _table3(d) -> None:
    t = d.add_table(rows=28, cols=10)
    _merge(t, 0, 0, 2, 2, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    _merge(t, 0, 3, 0, 9, "申请人情况")
    _merge(t, 1, 3, 2, 3, "自然人")
    _merge(t, 1, 4, 1, 8, "法人或其他组织")
    _merge(t, 1, 9, 2, 9, "总计")
    for i, name in enumerate(PEOPLE):
        cell = t.cell(2, 4 + i)
        if len(name) == 4:  # written over two lines, as clerks do in narrow columns
            cell.paragraphs[0].text = name[:2]
            cell.add_paragraph(name[2:])
        else:
            cell.text = name
    _merge(t, 3, 0, 3, 2, "一、本年新收政府信息公开申请数量")
    _values(t, 3, 26, 26)
    _merge(t, 4, 0, 4, 2, "二、上年结转政府信息公开申请数量")
    _values(t, 4, 0, 0)
    _merge(t, 5, 0, 26, 0, "三、本年度办理结果")
    _merge(t, 5, 1, 5, 2, "（一）予以公开")
    _values(t, 5, 26, 26)
    _merge(t, 6, 1, 6, 2, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    _values(t, 6, 0, 0)
    r = 7
    for group, leaves in T3_LEAVES:
        _merge(t, r, 1, r + len(leaves) - 1, 1, group)
        for leaf in leaves:
            t.cell(r, 2).text = leaf
            _values(t, r, 0, 0)
            r += 1
    _merge(t, 26, 1, 26, 2, "（七）总计")
    _values(t, 26, 26, 26)
    _merge(t, 27, 0, 27, 2, "四、结转下年度继续办理")
    _values(t, 27, 0, 0)


def _table4(d) -> None:
    t = d.add_table(rows=4, cols=15)
    _merge(t, 0, 0, 0, 4, "行政复议")
    _merge(t, 0, 5, 0, 14, "行政诉讼")
    names = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    for i, name in enumerate(names):
        _merge(t, 1, i, 2, i, name)
    _merge(t, 1, 5, 1, 9, "未经复议直接起诉")
    _merge(t, 1, 10, 1, 14, "复议后起诉")
    for i in range(10):
        t.cell(2, 5 + i).text = names[i % 5]
    for i, v in enumerate([0, 0, 0, 1, 1] + [0] * 10):
        t.cell(3, i).text = str(v)


def build_report_docx(path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("沭阳县发展和改革局2023年政府信息公开年度报告")
    d.add_paragraph("根据《中华人民共和国政府信息公开条例》要求，现向社会公布沭阳县发展和改革局2023年度"
                    "政府信息公开年度报告。本年度报告所列数据的统计时限为2023年1月1日至2023年12月31日。")
    d.add_paragraph("一、总体情况")
    d.add_paragraph("2023年，县发展和改革局认真贯彻执行省、市、县有关文件精神。")
    d.add_paragraph("（二）依申请公开政府信息情况\n2023年度我局共收到依申请信息公开26件。")
    d.add_paragraph("二、主动公开政府信息情况")
    _table2(d)
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    _table3(d)
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    _table4(d)
    d.add_paragraph("五、存在的主要问题及整改措施")
    d.add_paragraph("各科室人员信息公开意识有所松懈。")
    d.add_paragraph("六、其他需要报告的事项")
    d.add_paragraph("2023年度，县发展和改革局政府信息公开未发生收费情况。")
    d.add_paragraph("沭阳县发展和改革局")
    d.add_paragraph("2024年1月17日")
    d.save(str(path))
    return path


@pytest.fixture(scope="module")
def report_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_report_docx(tmp_path_factory.mktemp("docx") / "shuyang-fgj_2023.docx")


def test_sections_and_paragraphs(report_docx: Path) -> None:
    doc = load_document(str(report_docx))
    assert doc.source.format == "docx"
    assert [s.number for s in doc.sections] == [1, 2, 3, 4, 5, 6]
    assert doc.sections[0].subsections[0].title == "依申请公开政府信息情况"  # split at the line break
    for b in doc.iter_blocks():
        if isinstance(b, Paragraph):
            assert doc.source.text[b.span.start:b.span.end] == b.text


def test_merged_header_cells(report_docx: Path) -> None:
    t3 = load_document(str(report_docx)).tables()[1]
    corner = t3.cells[0]
    assert (corner.row_span, corner.col_span) == (3, 3)
    assert t3.rows[2][0] is corner
    assert [c.raw for c in t3.rows[1][3:]] == ["自然人"] + ["法人或其他组织"] * 5 + ["总计"]
    assert [c.raw for c in t3.rows[2][3:]] == ["自然人", *PEOPLE, "总计"]
    group = t3.rows[5][0]
    assert group.raw == "三、本年度办理结果" and group.row_span == 22
    assert [c.raw for c in t3.cells if c.raw == "三、本年度办理结果"] == ["三、本年度办理结果"]


def test_blank_cells_and_spans(report_docx: Path) -> None:
    doc = load_document(str(report_docx))
    row = doc.tables()[1].rows[3]
    assert [c.value for c in row[3:]] == [26, None, None, None, None, None, 26]
    assert [c.kind for c in row[4:9]] == ["blank"] * 5
    for t in doc.tables():
        for c in t.cells:
            assert doc.source.text[c.span.start:c.span.end] == c.raw


def test_grid_before_and_nested_layout_table(tmp_path: Path) -> None:
    d = docx.Document()
    outer = d.add_table(rows=1, cols=1)
    cell = outer.cell(0, 0)
    cell.paragraphs[0].text = "一、总体情况"
    inner = cell.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "规章"
    inner.cell(0, 1).text = "3"
    path = tmp_path / "layout.docx"
    d.save(str(path))
    doc = load_document(str(path))
    assert doc.sections[0].title == "总体情况"
    assert [[c.raw for c in r] for r in doc.tables()[0].rows] == [["规章", "3"]]


def _zip(members: dict[str, bytes], path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_not_a_docx_container(tmp_path: Path) -> None:
    p = _zip({"word/document.xml": b"<not really>"}, tmp_path / "broken.docx")
    with pytest.raises(InputError, match="Word"):
        load_docx(str(p), p.read_bytes())


def test_parse_docx_gives_the_published_values(report_docx: Path) -> None:
    from report_lint import templates

    if not hasattr(templates, "bind"):
        pytest.skip("report_lint.templates.bind missing")
    r = run_cli("parse", str(report_docx), "--format", "json")
    assert r.code == 0, r.err
    data = r.json()
    rows = {(k, row["key"]): row["values"] for k, t in data["tables"].items() for row in t["rows"]}
    assert rows[("requests", "new")] == [26, None, None, None, None, None, 26]
    assert rows[("review_litigation", "cases")] == [0, 0, 0, 1, 1] + [0] * 10
    assert rows[("active_disclosure", "normative")] == [8, 0, 18]
    assert data["year"] == 2023 and data["format"] == "docx"


def test_docx_bytes_roundtrip_through_registry(report_docx: Path) -> None:
    data = report_docx.read_bytes()
    doc = load_document("renamed.bin", data)  # chosen by content: PK + word/document.xml
    assert doc.source.format == "docx"
    assert io.BytesIO(data).read(4) == b"PK\x03\x04"


def test_docx_tables_equal_the_published_page(report_docx: Path) -> None:
    from conftest import real
    from report_lint import templates

    if not hasattr(templates, "bind"):
        pytest.skip("report_lint.templates.bind missing")
    page = run_cli("parse", str(real("shuyang-fgj_2023.html")), "--format", "json").json()
    word = run_cli("parse", str(report_docx), "--format", "json").json()

    def table_values(data: dict) -> dict:
        return {k: [(r["key"], r["values"]) for r in t["rows"]] for k, t in data["tables"].items()}

    assert table_values(word) == table_values(page)
