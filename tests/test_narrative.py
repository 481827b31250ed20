"""TXT5xx building blocks: Chinese numerals, counts in sentences, which figure a clause states
(and the many clauses that state none), the issuer's level word."""
from __future__ import annotations

import pytest

from report_lint.text import cn_number, norm
from report_lint_builtin.narrative.claims import claims
from report_lint_builtin.narrative.levels import own_level
from report_lint_builtin.narrative.reading import Sentence, counts


def sentence(text: str, after_request: bool = False) -> Sentence:
    t = norm(text)
    return Sentence(t, list(range(len(t))), 1, False, after_request, 0)


def stated(text: str, year: int | None = 2023, after_request: bool = False
           ) -> list[tuple[str, float]]:
    return [(c.metric, c.value) for c in claims(sentence(text, after_request), year)]


@pytest.mark.parametrize("text, value", [
    ("十二", 12), ("两", 2), ("二十", 20), ("十", 10), ("二十三", 23), ("12", 12),
    ("十十", None), ("二十二十", None), ("一二十", None), ("十二三", None), ("一一", None), ("", None),
])
def test_cn_number(text: str, value: int | None) -> None:
    assert cn_number(text) == value


def test_counts_read_digits_and_numerals_but_not_words() -> None:
    s = sentence("共受理申请十二件、两件，办理1,5件次，统一件事一件事一次办，第一件，3.5件")
    assert [(c.value, c.unit) for c in counts(s)] == [(12, "件"), (2, "件"), (3.5, "件")]


# Clauses from real reports (seeds, the Pingtan series, Shanghai) and what they state.
@pytest.mark.parametrize("text, expected", [
    ("全年办理市本级依申请公开事项14件，行政复议1件，纠正结果1件。",
     [("requests", 14), ("review_total", 1), ("review_corrected", 1)]),
    ("截至2024年底，无新增行政规范性文件，现行有效行政规范性文件4件。",
     [("normative_valid", 4), ("normative_issued", 0)]),
    ("2022年，我局共受理政务信息公开的申请4条，均按期予以办理答复。", [("requests", 4)]),
    ("今年我局共受理办结2件依申请公开信息，并依法依规完成答复。", [("requests", 2)]),
    ("全年受理向我局提出的信息公开申请2件，办复率达100%。", [("requests", 2)]),
    ("答复政府信息公开申请805件（含上年度结转申请18件，另有72件申请按照《条例》顺延到下年度答复）。",
     [("requests", 805), ("carried_over", 18), ("carry_forward", 72)]),
    ("信息公开类行政复议7件，诉讼9件，均获维持。", [("review_total", 7), ("litigation_total", 9)]),
    ("2024 年市科委有 1 件涉及政府信息公开工作的行政复议。", [("review_total", 1)]),
    ("全年收到政府信息公开申请 34 件，上年结转政府信息公开申请 2 件。",
     [("requests", 34), ("carried_over", 2)]),
    ("本年新收政府信息公开申请3件。", [("requests_new", 3)]),
    ("动态更新发布本年度制发行政规范性文件62件。", [("normative_issued", 62)]),
    ("作出行政处罚决定12件。", [("penalty_decisions", 12)]),
    ("2021年我局未有政府信息公开行政复议及行政诉讼有关况。",
     [("review_total", 0), ("litigation_total", 0)]),
    ("2023年我局未收到依申请公开事宜。", [("requests_none", 0)]),
])
def test_what_a_clause_states(text: str, expected: list) -> None:
    assert stated(text, year=None) == expected


def test_outcomes_need_application_context_and_whole_applications() -> None:
    assert stated("予以公开及部分公开258件，占33.9%；") == []
    assert stated("予以公开及部分公开258件，占33.9%；", after_request=True) == [("granted_partial", 258)]
    assert stated("所有办结的信息公开申请中同意公开答复 9 件，不予公开答复 2 件") == [
        ("granted", 9), ("withheld", 2)]
    # 公开属性 of documents in 条: not applications.
    assert stated("2021年共制发政府信息378条，其中，主动公开政府信息125条、依申请公开176条、不予公开77条",
                  2021, after_request=True) == []


@pytest.mark.parametrize("text", [
    "其中网上申请3件，信函申请1件。",  # by channel
    "2022年共收到政府信息公开申请9件。",  # another year
    "全县共受理政府信息公开申请120件。",  # the county as a whole
    "各部门共受理政府信息公开申请120件。",
    "延期答复政府信息公开申请1件。",
    "受理行政许可申请120件，受理群众反映问题1个。",
    "全年办理行政复议案件85件。",  # no 公开: not table 四
    "承办以县政府为被申请人的行政复议案件12件，其中涉及政府信息公开的3件。",
    "历年累计主动公开191条，累计受理依申请公开30件。",
    "公开行政处罚决定5件。",  # published decisions, not all decisions
    "信息类别包括行政法规、规章和规范性文件1条。",
    "刊登政府规章、规范性文件等112件，部门规范性文件45件。",
    "未出现被纠错的情况，未发生行政复议被纠错的情况。",
    "未收到因依申请公开引起的投诉。",
    "转发公开了中央、省、区有关政策文件4份。",
])
def test_doubtful_clauses_state_nothing(text: str) -> None:
    assert stated(text) == []


def test_comparisons_and_years() -> None:
    assert stated("共收到政府信息公开申请4件，较上年增加2件。") == [("requests", 4)]
    assert stated("2023年共收到政府信息公开申请4件，2022年为9件。") == [("requests", 4)]
    assert stated("2022年共收到政府信息公开申请9件。", year=None) == [("requests", 9)]


@pytest.mark.parametrize("name, word", [
    ("昌图县人民政府办公室", "县"), ("五常市民意乡", "乡"), ("新乐市人民政府", "市"),
    ("北京市朝阳区人民政府", "区"), ("平潭综合实验区海坛片区管理局", "区"), ("武笔街道", "街道"),
    ("桐柏县应急管理局", "县"), ("上海市人民政府办公厅", "市"), ("铁岭市政府办公室", "市"),
    ("某县市场监督管理局", "县"), ("科学技术委员会", None),
])
def test_own_level_word(name: str, word: str | None) -> None:
    assert own_level(name) == word
