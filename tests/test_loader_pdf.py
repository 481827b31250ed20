"""PDF loader: the published 洪泽区 2023 report (tables over page breaks, wrapped labels, the
vertical 三、本年度办理结果 label), and a scan without a text layer (RL007).

Expected values were read off the rendered pages of the published PDF by hand.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import real, run_cli
from report_lint import diagnostics
from report_lint.loaders import load_document
from report_lint.model import Paragraph

pytest.importorskip("pdfplumber")

# Table 三 of 洪泽区 2023, rows in order (自然人 … 总计), read off pages 3–4.
HONGZE_T3 = {
    "一、本年新收政府信息公开申请数量": [21, 0, 0, 0, 0, 0, 21],
    "二、上年结转政府信息公开申请数量": [0] * 7,
    "（一）予以公开": [0] * 7,
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": [4, 0, 0, 0, 0, 0, 4],
    "1.属于国家秘密": [1, 0, 0, 0, 0, 0, 1],
    "6.属于四类过程性信息": [1, 0, 0, 0, 0, 0, 1],
    "7.属于行政执法案卷": [1, 0, 0, 0, 0, 0, 1],
    "1.本机关不掌握相关政府信息": [10, 0, 0, 0, 0, 0, 10],
    "2.没有现成信息需要另行制作": [3, 0, 0, 0, 0, 0, 3],
    "3.补正后申请内容仍不明确": [0] * 7,
    "1.信访举报投诉类申请": [1, 0, 0, 0, 0, 0, 1],
    "4.无正当理由大量反复申请": [0] * 7,
    "（六）其他处理": [0] * 7,
    "（七）总计": [21, 0, 0, 0, 0, 0, 21],
    "四、结转下年度继续办理": [0] * 7,
}


@pytest.fixture(scope="module")
def hongze():
    return load_document(str(real("hongze-district_2023.pdf")))


def _row(table, label: str) -> list:
    for row in table.rows:
        labels = [c.raw for c in row if c.kind == "text"]
        if labels and labels[-1] == label:
            return [c.value for c in row if c.kind != "text"]
    raise AssertionError(f"no row {label!r}")


def test_sections_and_paragraph_joining(hongze) -> None:
    assert hongze.source.format == "pdf"
    assert [s.number for s in hongze.sections] == [1, 2, 3, 4, 5, 6]
    assert [s.title for s in hongze.sections[0].subsections][:2] == ["主动公开情况", "依申请公开情况"]
    title = hongze.preamble[0].text
    assert title == "洪泽区人民政府2023年政府信息公开工作年度报告"  # two centred lines
    pars = [b for b in hongze.iter_blocks() if isinstance(b, Paragraph)]
    assert any("2023年全区受理政府信息公开申请21件，均在法定期限答复。" in p.text for p in pars)
    assert not any(p.text.strip("- ").isdigit() for p in pars)  # page numbers dropped
    for p in pars:
        assert hongze.source.text[p.span.start:p.span.end] == p.text


def test_three_tables_joined_over_page_breaks(hongze) -> None:
    assert len(hongze.tables()) == 3  # 二 runs over pages 2–3, 三 over pages 3–4


def test_table2_values(hongze) -> None:
    t2 = hongze.tables()[0]
    assert _row(t2, "行政规范性文件") == [0, 5, 5]
    assert _row(t2, "行政处罚") == [4119] * 3  # one value cell spanning three columns
    assert _row(t2, "行政事业性收费") == [7730.28] * 3


def test_table3_wrapped_and_vertical_labels(hongze) -> None:
    t3 = hongze.tables()[1]
    group = [c for c in t3.cells if c.raw == "三、本年度办理结果"]
    assert len(group) == 1 and group[0].row_span == 20  # continued over the page break
    for label, expected in HONGZE_T3.items():
        assert _row(t3, label) == expected, label
    assert any(c.raw == "（四）无法提供" and c.row_span == 3 for c in t3.cells)


def test_table4_values(hongze) -> None:
    t4 = hongze.tables()[2]
    assert [c.value for c in t4.rows[-1]] == [10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0]
    assert t4.rows[0][0].raw == "行政复议" and t4.rows[0][0].col_span == 5


def test_parse_hongze() -> None:
    from report_lint import templates

    if not hasattr(templates, "bind"):
        pytest.skip("report_lint.templates.bind missing")
    r = run_cli("parse", str(real("hongze-district_2023.pdf")), "--format", "json")
    assert r.code == 0, r.err
    data = r.json()
    rows = {(k, row["key"]): row["values"] for k, t in data["tables"].items() for row in t["rows"]}
    assert rows[("review_litigation", "cases")] == [10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0]
    assert rows[("requests", "new")] == [21, 0, 0, 0, 0, 0, 21]
    assert rows[("active_disclosure", "licensing")] == [550]
    assert data["year"] == 2023


def _scan(path: Path) -> Path:
    from PIL import Image, ImageDraw

    pages = []
    for _ in range(2):
        img = Image.new("RGB", (420, 595), "white")
        ImageDraw.Draw(img).rectangle((40, 60, 380, 300), outline="black")
        pages.append(img)
    pages[0].save(path, "PDF", save_all=True, append_images=pages[1:])
    return path


def test_scan_without_text_layer(tmp_path: Path) -> None:
    doc = load_document(str(_scan(tmp_path / "scan.pdf")))
    assert [d.code for d in doc.diagnostics] == [diagnostics.NO_TEXT_LAYER]
    assert "扫描件" in doc.diagnostics[0].message
    assert doc.sections == [] and doc.preamble == [] and doc.source.text == ""


def test_scan_reported_by_check(tmp_path: Path) -> None:
    path = _scan(tmp_path / "scan.pdf")
    r = run_cli("check", str(path), "--format", "concise")
    assert diagnostics.NO_TEXT_LAYER in r.out and "Traceback" not in r.out + r.err
    assert r.code != 0


def test_broken_pdf_is_input_error(tmp_path: Path) -> None:
    from report_lint.source import InputError

    with pytest.raises(InputError, match="PDF"):
        load_document("broken.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\n%%EOF")


def _text_pdf(lines: list[tuple[float, float, str]]) -> bytes:
    """A one-page PDF with Helvetica text at the given positions and no ruling lines."""
    content = "BT /F1 10 Tf " + " ".join(f"1 0 0 1 {x} {y} Tm ({t}) Tj" for x, y, t in lines) + " ET"
    objs = ["<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
            "/Resources << /Font << /F1 5 0 R >> >> >>",
            f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = b"%PDF-1.4\n", []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objs) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objs) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_unruled_table_from_word_gaps() -> None:
    data = _text_pdf([(72, 760, "Introduction text of the report"),
                      (72, 730, "Item"), (250, 730, "Made"), (320, 730, "Repealed"), (390, 730, "Valid"),
                      (72, 715, "Row A"), (250, 715, "1"), (320, 715, "2"), (390, 715, "3"),
                      (72, 700, "Row B"), (250, 700, "4"), (320, 700, "5"), (390, 700, "6"),
                      (72, 688, "continued"),
                      (72, 660, "Closing text of the report")])
    doc = load_document("plain.pdf", data)
    (table,) = doc.tables()
    assert [[c.raw for c in r] for r in table.rows] == [
        ["Item", "Made", "Repealed", "Valid"], ["Row A", "1", "2", "3"],
        ["Row B continued", "4", "5", "6"]]
    texts = [b.text for b in doc.iter_blocks() if isinstance(b, Paragraph)]
    assert texts == ["Introduction text of the report", "Closing text of the report"]
