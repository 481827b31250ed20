"""Markdown loader: front matter, headings, pipe tables, exact spans.

The table-四 values of the Shanghai 科委 2024 report were read off the Markdown file by hand.
"""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import real, run_cli
from report_lint.loaders import load_document
from report_lint.loaders.markdown import load as load_md
from report_lint.model import Paragraph

REPORT = """---
title: "某县应急管理局2023年政府信息公开工作年度报告"
date: 2024-01-15
发布机构: 某县应急管理局
---
# 某县应急管理局2023年政府信息公开工作年度报告

## 一、总体情况

2023年，我局**认真**落实《条例》。

**（一）主动公开情况**

二、主动公开政府信息情况

| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
|:---|---:|---|---|
| 规章 | 0 | 0 | 0 |

| 行政规范性文件 | **2** |  | 5 |

### 三、收到和处理政府信息公开申请情况 ###
"""


def test_front_matter_into_metadata_with_spans() -> None:
    doc = load_md("r.md", REPORT.encode())
    meta = {k: v for k, (v, _) in doc.metadata.items()}
    assert meta["标题"] == "某县应急管理局2023年政府信息公开工作年度报告"
    assert meta["发布时间"] == "2024-01-15"
    assert meta["发布机构"] == "某县应急管理局"
    for value, span in doc.metadata.values():
        assert doc.source.text[span.start:span.end] == value


def test_headings_and_paragraphs() -> None:
    doc = load_md("r.md", REPORT.encode())
    assert doc.preamble[0].text == "某县应急管理局2023年政府信息公开工作年度报告"
    assert [(s.number, s.title) for s in doc.sections] == [
        (1, "总体情况"), (2, "主动公开政府信息情况"), (3, "收到和处理政府信息公开申请情况")]
    assert doc.sections[0].subsections[0].title == "主动公开情况"
    for b in doc.iter_blocks():
        if isinstance(b, Paragraph):
            assert doc.source.text[b.span.start:b.span.end] == b.text


def test_pipe_table_rows_cells_and_blank_cells() -> None:
    doc = load_md("r.md", REPORT.encode())
    (table,) = doc.tables()  # two pipe blocks split by a blank line are one table
    assert [[c.raw for c in r] for r in table.rows] == [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "0", "0", "0"],
        ["行政规范性文件", "2", "", "5"]]
    blank = table.rows[2][2]
    assert blank.kind == "blank" and blank.value is None
    bold = table.rows[2][1]
    assert doc.source.text[bold.span.start:bold.span.end] == "2" and bold.value == 2
    assert len(table.cells) == 12


def test_crlf_and_escaped_pipes() -> None:
    text = "一、总体情况\r\n| a \\| b | 1 |\r\n"
    doc = load_md("r.md", text.encode())
    cells = doc.tables()[0].cells
    assert [c.raw for c in cells] == ["a | b", "1"]


def test_markdown_sniffed_without_extension() -> None:
    doc = load_document("report", "# 一、总体情况\n\n正文\n".encode())
    assert doc.source.format == "markdown" and doc.sections[0].title == "总体情况"


def test_real_stcsm_extracted_markdown() -> None:
    doc = load_document(str(real("shanghai-stcsm_2024.md")))
    assert doc.source.format == "markdown"
    t4 = [t for t in doc.tables() if any(c.raw == "维持" for c in t.cells)][0]
    assert [c.value for c in t4.rows[-1]] == [1, 0, 0, 0, 1] + [0] * 10
    rows = [[c.raw for c in r] for t in doc.tables() for r in t.rows]
    assert ["（七）总计", "33", "2", "0", "0", "0", "0", "35"] in rows


def test_parse_real_markdown() -> None:
    pytest.importorskip("report_lint.templates", reason="binder missing")
    from report_lint import templates

    if not hasattr(templates, "bind"):
        pytest.skip("report_lint.templates.bind missing")
    r = run_cli("parse", str(real("shanghai-stcsm_2024.md")), "--format", "json")
    assert r.code == 0, r.err
    data = r.json()
    assert data["format"] == "markdown" and data["year"] == 2024
    cases = data["tables"]["review_litigation"]["rows"][0]["values"]
    assert cases == [1, 0, 0, 0, 1] + [0] * 10



_LINES = st.sampled_from(["---", "title: 某局", "# 一、总体情况", "| a | 1 |", "|---|---|", "",
                          "| **2** | \\| |", "正文", "```", "二、主动公开政府信息情况", "===", "> 引用"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_LINES, max_size=30), st.sampled_from(["\n", "\r\n"]))
def test_any_markdown_keeps_exact_spans(lines: list[str], newline: str) -> None:
    doc = load_md("p.md", newline.join(lines).encode())
    text = doc.source.text
    for b in doc.iter_blocks():
        if isinstance(b, Paragraph):
            assert text[b.span.start:b.span.end] == b.text
    for t in doc.tables():
        for c in t.cells:
            if c.kind == "number":
                assert text[c.span.start:c.span.end] == c.raw
