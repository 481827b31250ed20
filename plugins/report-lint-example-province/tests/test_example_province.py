"""The example province's rules, tested with report_lint.testing in a few lines each."""
from __future__ import annotations

from report_lint.testing import codes, lint_text, load_pack

from report_lint_example_province.rules import fee_statement_matches_table

TABLE = """二、主动公开政府信息情况
第二十条第（一）项 |
信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
规章 | 0 | 0 | 0 |
行政规范性文件 | 0 | 0 | 0 |
第二十条第（八）项 |
信息内容 | 本年收费金额（单位：万元） |
行政事业性收费 | {amount} |
"""


def report(amount: str, six: str) -> str:
    return TABLE.format(amount=amount) + "六、其他需要报告的事项\n" + six + "\n"


def test_statement_disagreeing_with_table_is_reported() -> None:
    found = lint_text(report("0", "本年度收取信息处理费350元。"), rules=[fee_statement_matches_table])
    assert codes(found) == ["EXP001"]
    assert "350 元" in found[0].message and "0 万元" in found[0].message


def test_statement_agreeing_with_table_passes() -> None:
    assert lint_text(report("0.035", "本年度收取信息处理费350元。"), rules=[fee_statement_matches_table]) == []
    assert lint_text(report("0", "本年度未收取信息处理费。"), rules=[fee_statement_matches_table]) == []


def test_not_charged_but_table_has_an_amount() -> None:
    found = lint_text(report("0.1", "本年度未收取信息处理费。"), rules=[fee_statement_matches_table])
    assert codes(found) == ["EXP001"]


def test_pack_rule_runs_only_when_the_pack_is_named() -> None:
    text = "五、存在的主要问题及改进情况\n一是公开质量不高。\n"
    assert codes(lint_text(text, packs=["example-province"])) == ["EXP101"]
    assert lint_text(text, select=["EXP"]) == []  # installed, not named: nothing runs


def test_pack_file_loads_and_passes_its_own_examples() -> None:
    from importlib import resources

    pack = load_pack(resources.files("report_lint_example_province").joinpath(
        "packs", "example-province.toml"))
    assert [r.code for r in pack.rules] == ["EXP101"]
