"""Facts (`report_lint.facts`): year, period, dates, issuer and its level, with their origins.

Ground truth for the seeds: domain.md §6.1.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from report_lint.facts import classify_issuer, extract_facts, is_body_name
from report_lint.loaders import load_document
from report_lint.loaders.text import parse_text
from report_lint.model import Document
from report_lint.source import Source

FIXTURES = Path(__file__).parent / "fixtures" / "text"
CORPUS = Path(__file__).parents[1] / ".." / "shared" / "corpus"
D = dt.date


def corpus(pattern: str) -> Document:
    found = sorted(CORPUS.glob(pattern)) if CORPUS.is_dir() else []
    if not found:
        pytest.skip(f"{pattern} not present")
    return load_document(found[0])


def facts_of(text: str, path: str = "t.txt", overrides: dict | None = None):
    return extract_facts(parse_text(Source(path, text)), overrides)


def spanned(doc: Document, fact) -> str:
    return doc.source.text[fact.span.start:fact.span.end]


# --- seeds (domain.md §6.1) -----------------------------------------------------------------------

SEEDS = {
    "000": (2020, "title", "如东县人民政府办公室", "county", "office"),
    "001": (2023, "title", "陈家坝镇人民政府", "township", "government"),
    "002": (2022, "narration", "桐柏县应急管理局", "department", "department"),
    "003": (2024, "period", "昌图县人民政府办公室", "county", "office"),
    "004": (2020, "narration", "武笔街道", "street", "street"),
}


@pytest.mark.parametrize("n, expected", SEEDS.items())
def test_seed_ground_truth(n, expected):
    year, origin, issuer, level, kind = expected
    doc = corpus(f"seeds/{n}_*.txt")
    facts, cands = extract_facts(doc)
    assert (facts["year"].value, facts["year"].origin) == (year, origin)
    assert spanned(doc, facts["year"]) == str(year)
    assert facts["issuer"].value == issuer and spanned(doc, facts["issuer"]) == issuer
    assert facts["issuer_level"].value == level
    assert facts["issuer_kind"].value == kind
    assert all(f.value == year for f in cands["year"])  # every seed agrees with itself


def test_seed_000_period_with_implied_end_year():
    doc = corpus("seeds/000_*.txt")
    facts, _ = extract_facts(doc)
    assert facts["period"].value == (D(2020, 1, 1), D(2020, 12, 31))
    assert spanned(doc, facts["period"]) == "2020年1月1日起至12月31日"
    assert doc.source.line_col(facts["period"].span.start)[0] == 1


def test_seed_001_has_no_period_and_a_parenthesised_title_year():
    doc = corpus("seeds/001_*.txt")
    facts, cands = extract_facts(doc)
    assert "period" not in facts and "period" not in cands
    assert doc.source.line_col(facts["year"].span.start)[0] == 3  # (2023年度)
    assert facts["issuer"].origin == "preamble"


def test_seed_002_department_and_its_parent_level():
    doc = corpus("seeds/002_*.txt")
    facts, _ = extract_facts(doc)
    assert facts["issuer_parent_level"].value == "county"
    assert doc.source.line_col(facts["issuer"].span.start)[0] == 6  # 《桐柏县应急管理局2022年信息公开指南》


def test_seed_004_issuer_from_self_reference():
    doc = corpus("seeds/004_*.txt")
    facts, _ = extract_facts(doc)
    assert facts["issuer"].origin == "text"
    assert doc.source.line_col(facts["issuer"].span.start)[0] == 3  # 2020年武笔街道未收到…
    assert "issuer_parent_level" not in facts


# --- crawler texts --------------------------------------------------------------------------------

def test_crawler_fixture_facts():
    doc = load_document(FIXTURES / "crawler_small.txt")
    facts, cands = extract_facts(doc)
    assert facts["year"].value == 2021 and facts["year"].origin == "title"
    assert {f.origin for f in cands["year"]} == {"title", "period", "metadata", "narration",
                                                 "published"}
    assert facts["period"].value == (D(2021, 1, 1), D(2021, 12, 31))
    assert facts["published"].value == D(2022, 1, 20) and facts["published"].origin == "metadata"
    assert facts["signed"].value == D(2022, 1, 18) and spanned(doc, facts["signed"]) == "2022年1月18日"
    assert facts["issuer"].value == "青山县白云镇人民政府"  # 发布机构 "桌面" is ignored
    assert all(f.value != "桌面" for f in cands["issuer"])
    assert (facts["issuer_level"].value, facts["issuer_kind"].value) == ("township", "government")


@pytest.mark.parametrize("name, year, period_start, signed, published", [
    ("pingtan-haitan-pianqu_2019.txt", 2019, D(2019, 9, 1), D(2020, 1, 2), D(2020, 1, 3)),
    ("pingtan-haitan-pianqu_2021.txt", 2021, D(2021, 1, 1), D(2022, 1, 7), D(2022, 1, 12)),
    ("pingtan-suping-pianqu_2019.txt", 2019, D(2019, 9, 1), D(2019, 1, 3), D(2020, 1, 16)),
    ("pingtan-suping-pianqu_2022.txt", 2022, D(2022, 1, 1), None, D(2023, 1, 6)),
    ("pingtan-haitan-pianqu_2025.txt", 2025, D(2025, 1, 1), D(2026, 1, 26), D(2026, 1, 27)),
])
def test_real_crawler_facts(name, year, period_start, signed, published):
    doc = corpus(f"real/{name}")
    facts, cands = extract_facts(doc)
    assert facts["year"].value == year
    assert facts["period"].value[0] == period_start
    assert (facts["signed"].value if "signed" in facts else None) == signed
    assert facts["published"].value == published
    assert facts["issuer_level"].value == "township"  # 片区管理局 (MANIFEST.tsv)
    assert "片区管理局" in facts["issuer"].value
    assert any(f.origin == "filename" and f.value == year for f in cands["year"])


def test_publisher_junk_is_ignored():
    doc = corpus("real/pingtan-suping-pianqu_2024.txt")
    facts, cands = extract_facts(doc)
    assert facts["issuer"].value == "平潭综合实验区苏平片区管理局"
    assert all(f.value != "桌面" for f in cands["issuer"])


# --- periods --------------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, period", [
    ("本报告中所列数据的统计期限为2020年1月1日起至12月31日。", (D(2020, 1, 1), D(2020, 12, 31))),
    ("报告数据统计期限为2024年1月1日至2024年12月31日。", (D(2024, 1, 1), D(2024, 12, 31))),
    ("统计时限自2022年1月1日起至2022年12月31日止。", (D(2022, 1, 1), D(2022, 12, 31))),
    ("本报告统计时间为２０２１年１月１日至２０２１年１２月３１日。", (D(2021, 1, 1), D(2021, 12, 31))),
    ("数据统计期间：2019年9月1日—2019年12月31日", (D(2019, 9, 1), D(2019, 12, 31))),
    ("本报告数据自2023年1月1日起至2023年12月31日止。", (D(2023, 1, 1), D(2023, 12, 31))),
    ("内容涵盖2019年9月1日至12月31日期间的工作情况。", (D(2019, 9, 1), D(2019, 12, 31))),
])
def test_period_sentences(sentence, period):
    facts, _ = facts_of(sentence + "\n一、总体情况\n正文。\n")
    assert facts["period"].value == period
    assert facts["year"].value == period[0].year and facts["year"].origin == "period"


def test_malformed_period_is_a_candidate_without_value():
    text = "统计期限为2020年1月1日起至202020年12月31日止。\n一、总体情况\n"
    facts, cands = facts_of(text)
    assert "period" not in facts
    (bad,) = cands["period"]
    assert bad.value is None and text[bad.span.start:bad.span.end] == "2020年1月1日起至202020年12月31日"
    assert facts["year"].value == 2020  # the start year still counts
    facts, cands = facts_of("统计期限为2020年2月30日至2020年12月31日。")
    assert "period" not in facts and cands["period"][0].value is None


def test_range_without_statistics_word_is_only_read_in_the_preamble():
    facts, _ = facts_of("一、总体情况\n我局自2021年3月1日起至2021年5月1日止开展专项行动。\n")
    assert "period" not in facts


# --- years ----------------------------------------------------------------------------------------

def test_title_beats_period_and_both_are_kept():
    text = "某某县人民政府2020年政府信息公开工作年度报告\n统计期限为2021年1月1日至2021年12月31日。\n一、总体情况\n2021年，开展工作。\n"
    facts, cands = facts_of(text)
    assert (facts["year"].value, facts["year"].origin) == (2020, "title")
    assert [(f.value, f.origin) for f in cands["year"]] == [(2020, "title"), (2021, "period"),
                                                            (2021, "narration")]


def test_narration_takes_the_year_most_stated():
    text = "一、总体情况\n2019年，回顾。2020年，开展工作。2020年,继续推进。2020年4月份，培训。\n二、主动公开政府信息情况\n2019年，无。\n"
    facts, cands = facts_of(text)
    assert (facts["year"].value, facts["year"].origin) == (2020, "narration")
    assert sorted(f.value for f in cands["year"]) == [2019, 2020, 2020]  # 4月份 and §二 not counted


def test_filename_then_publication_year():
    facts, _ = facts_of("一、总体情况\n工作。\n", path="reports/年报_2022.txt")
    assert (facts["year"].value, facts["year"].origin) == (2022, "filename")
    text = "标题: 年度报告\n发布时间: 2024-01-15 09:00\n==== 正文 ====\n一、总体情况工作。\n"
    facts, _ = facts_of(text, path="a1f2021c.txt")  # a hash is not a year
    assert (facts["year"].value, facts["year"].origin) == (2023, "published")
    assert facts["published"].value == D(2024, 1, 15)


def test_metadata_title_beats_narration():
    text = ("标题: 某某镇人民政府2021年度政府信息公开工作年度报告\n==== 正文 ====\n"
            "一、总体情况2020年，工作。二、主动公开政府信息情况规章000")
    facts, _ = facts_of(text)
    assert (facts["year"].value, facts["year"].origin) == (2021, "metadata")
    assert facts["issuer"].value == "某某镇人民政府" and facts["issuer"].origin == "metadata"


def test_overrides_win():
    text = "某某县人民政府2020年政府信息公开工作年度报告\n一、总体情况\n"
    facts, cands = facts_of(text, overrides={"year": "2021", "published": "2022-03-01",
                                             "issuer": "某某县发展和改革局"})
    assert (facts["year"].value, facts["year"].origin) == (2021, "config")
    assert cands["year"][0].origin == "config" and cands["year"][1].value == 2020
    assert facts["published"].value == D(2022, 3, 1)
    assert facts["issuer_level"].value == "department"  # derived from the configured issuer
    assert facts["issuer_parent_level"].value == "county"
    facts, _ = facts_of(text, overrides={"issuer_level": "city"})
    assert facts["issuer_level"].value == "city" and facts["issuer_kind"].value == "government"


# --- signature ------------------------------------------------------------------------------------

@pytest.mark.parametrize("ending, signed", [
    ("无。\n某某镇人民政府\n2022年1月7日\n", D(2022, 1, 7)),
    ("无。 某某局 2022年1月7日 某某局办公室 2022年1月7日印发", D(2022, 1, 7)),
    ("无。某某局2021年1月26日（此件主动公开）", D(2021, 1, 26)),
    ("现行有效文件统计截至2024年12月31日。", None),
    ("新制度自2025年1月1日起施行", None),
])
def test_signature_date(ending, signed):
    facts, _ = facts_of("一、总体情况\n正文。\n六、其他需要报告的事项\n" + ending)
    assert (facts["signed"].value if "signed" in facts else None) == signed


# --- issuer names and levels ----------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("如东县人民政府办公室", {"issuer_level": "county", "issuer_kind": "office"}),
    ("如东县政府办公室", {"issuer_level": "county", "issuer_kind": "office"}),
    ("上海市人民政府办公厅", {"issuer_level": "province", "issuer_kind": "office"}),
    ("陈家坝镇人民政府", {"issuer_level": "township", "issuer_kind": "government"}),
    ("五常市民意乡人民政府", {"issuer_level": "township", "issuer_kind": "government"}),
    ("淮安市洪泽区人民政府", {"issuer_level": "county", "issuer_kind": "government"}),
    ("南阳市人民政府", {"issuer_level": "city", "issuer_kind": "government"}),
    ("河南省人民政府", {"issuer_level": "province", "issuer_kind": "government"}),
    ("武笔街道", {"issuer_level": "street", "issuer_kind": "street"}),
    ("某某街道办事处", {"issuer_level": "street", "issuer_kind": "street"}),
    ("平潭综合实验区海坛片区管理局", {"issuer_level": "township", "issuer_kind": "government"}),
    ("桐柏县应急管理局", {"issuer_level": "department", "issuer_kind": "department",
                          "issuer_parent_level": "county"}),
    ("如东县市场监督管理局", {"issuer_level": "department", "issuer_kind": "department",
                              "issuer_parent_level": "county"}),
    ("上海市科学技术委员会", {"issuer_level": "department", "issuer_kind": "department",
                              "issuer_parent_level": "province"}),
    ("某某镇", {"issuer_level": "township", "issuer_kind": "government"}),
    ("不知道", {}),
])
def test_classify_issuer(name, expected):
    assert classify_issuer(name) == expected


@pytest.mark.parametrize("name, ok", [
    ("桐柏县应急管理局", True), ("武笔街道", True), ("我局", False), ("我街道", False),
    ("县政府办公室", False), ("桌面", False), ("海坛片区", True), ("未接收办", False),
    ("按照规定的局", False), ("如东政府网", False),
])
def test_is_body_name(name, ok):
    assert is_body_name(name) is ok
