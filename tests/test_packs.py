"""Declarative rule packs: schema errors at file and line, each kind on fragments, the examples
self-check, enabling by config only, RL016, the cache, `report-lint rules`."""
from __future__ import annotations

import datetime as dt
import json
import shutil
import textwrap
from pathlib import Path

import pytest

from conftest import run_cli, seed
from report_lint.engine import Linter
from report_lint.host import load_registry
from report_lint.packs import PackError, load_pack
from report_lint.testing import codes, lint_text

HEAD = '[pack]\nname = "mine"\ntitle = "本市补充要求"\n'
MY001 = """
[[rules]]
code = "MY001"
severity = "warning"
kind = "require-phrase"
section = 6
any = ["信息处理费", "处理费"]
message = "第六部分应说明信息处理费收取情况"
"""
MY002 = """
[[rules]]
code = "MY002"
severity = "info"
kind = "forbid-phrase"
any = ["今年以来"]
message = "年度报告不宜用“今年以来”"
"""
MY003 = """
[[rules]]
code = "MY003"
severity = "error"
kind = "max-chars"
section = 1
max = 500
message = "总体情况不超过500字"
"""
THREE = HEAD + MY001 + MY002 + MY003


def write(folder: Path, text: str, name: str = "mine.toml") -> Path:
    p = folder / name
    p.write_text(textwrap.dedent(text), encoding="utf-8")
    return p


def pack_error(tmp_path: Path, text: str) -> PackError:
    with pytest.raises(PackError) as info:
        load_pack(write(tmp_path, text))
    return info.value


# -- schema errors name the file and the line -------------------------------------------------
@pytest.mark.parametrize("body, line, words", [
    ('[pack]\nname = "mine"\n[[rules]]\ncode = "MY001"\nkind = "require-phrase\n', 5, "TOML 语法错误"),
    (HEAD + MY001.replace('"require-phrase"', '"require-phrases"'), 8, "未知的 kind"),
    (HEAD + MY001 + 'anyy = ["x"]\n', 12, "未知的键 anyy"),
    (HEAD + MY001.replace('message = "第六部分应说明信息处理费收取情况"\n', ""), 5, "缺少必填键 message"),
    (HEAD + MY001.replace('"MY001"', '"TOT001"'), 6, "内置规则族"),
    (HEAD + MY001.replace('"MY001"', '"my1"'), 6, "代码应为"),
    (HEAD + MY001 + MY001, 13, "与第 5 行的规则重复"),
    (HEAD + MY001.replace("section = 6", "section = 7"), 9, "1–6"),
    (HEAD + MY001.replace("section = 6", 'section = 6\ntable = "requests"'), 9, "只能写一个"),
    (HEAD + MY001.replace('severity = "warning"', 'severity = "fatal"'), 7, "severity"),
    (HEAD + '[[rules]]\ncode = "MY004"\nkind = "pattern"\npattern = "(未"\nmessage = "m"\n', 7, "正则表达式"),
    (HEAD + '[[rules]]\ncode = "MY004"\nkind = "pattern"\npattern = "x*"\nmessage = "m"\n', 7, "空文字"),
    (HEAD + '[[rules]]\ncode = "MY005"\nkind = "relation"\ntable = "requests"\nfor_each = "column"\n'
            'expr = "granted <= nonexistent"\nmessage = "m"\n', 9, "nonexistent"),
    (HEAD + '[[rules]]\ncode = "MY006"\nkind = "relation"\nsection = 3\nexpr = "a == b"\n'
            'for_each = "row"\nmessage = "m"\n', 7, "范围只能是 table"),
    (HEAD + '[[rules]]\ncode = "MY007"\nkind = "deadline"\ndeadlines = { township = "2-20" }\n'
            'message = "m"\n', 7, "MM-DD"),
    (HEAD + '[[rules]]\ncode = "MY007"\nkind = "deadline"\ndeadlines = { village = "02-20" }\n'
            'message = "m"\n', 7, "未知的层级 village"),
    (HEAD + '[[rules]]\ncode = "MY008"\nkind = "required-row"\ntable = "requests"\nrow = "nope"\n'
            'message = "m"\n', 8, "nope"),
    ('[pack]\ntitle = "x"\n[[rules]]\ncode = "MY001"\n', 1, "缺少必填键 name"),
    ('[pack]\nname = "Mine"\n', 1, "小写字母"),
    (HEAD, 1, "至少要有一条规则"),
    (HEAD + MY001 + '[rules.examples]\npass = "六、其他需要报告的事项\\n无"\n', 12, "pass[1] 本应没有问题"),
    (HEAD + MY001 + '[rules.examples]\nfail = "六、其他需要报告的事项\\n本年未收取信息处理费。"\n', 12,
     "fail[1] 本应报告问题"),
    (HEAD + MY001 + '[rules.examples]\nfacts = { year = 2023 }\n', 12, "至少要有一个 pass 或 fail"),
    (HEAD + MY001 + '[rules.examples]\npass = "x"\nfacts = { town = "x" }\n', 12, "未知事实 town"),
])
def test_schema_errors_name_file_and_line(tmp_path: Path, body: str, line: int, words: str) -> None:
    err = pack_error(tmp_path, body)
    assert (err.path, err.line) == (str(tmp_path / "mine.toml"), line), str(err)
    assert words in err.message, err.message
    assert str(err).startswith(f"{tmp_path / 'mine.toml'}:{line}: ")


def test_second_array_example_error_points_at_its_own_table(tmp_path: Path) -> None:
    body = (HEAD + '[[rules]]\ncode = "MY007"\nkind = "deadline"\ndeadlines = { township = "02-20" }\n'
            'message = "乡镇2月20日前公布"\n'
            '[[rules.examples]]\npass = "x"\nfacts = { issuer = "某镇人民政府", year = 2023, published = 2024-02-20 }\n'
            '[[rules.examples]]\npass = "x"\nfacts = { issuer = "某镇人民政府", year = 2023, published = 2024-02-21 }\n')
    err = pack_error(tmp_path, body)
    assert err.line == 12 and "pass[2]" in err.message


# -- each kind on fragments --------------------------------------------------------------------
SIX_NONE = "六、其他需要报告的事项\n无\n"


def one_rule(tmp_path: Path, rule: str) -> Path:
    return write(tmp_path, HEAD + "[[rules]]\n" + textwrap.dedent(rule))


def test_require_phrase_any_and_all(tmp_path: Path) -> None:
    pack = one_rule(tmp_path, """
        code = "MY001"
        kind = "require-phrase"
        section = 6
        any = ["信息处理费", "处理费"]
        all = ["人大代表建议"]
        message = "第六部分应说明处理费和建议办理"
        """)
    found = lint_text(SIX_NONE, packs=[pack])
    assert codes(found) == ["MY001", "MY001"]
    assert "未见「信息处理费」或「处理费」" in found[0].message
    assert "缺少「人大代表建议」" in found[1].message
    assert found[0].line == 1  # the heading of 六
    ok = "六、其他需要报告的事项\n本年度未收取信息\n处理费；人大代表建议3件已办结。\n"
    assert lint_text(ok, packs=[pack]) == []  # a line break inside the phrase still matches
    assert lint_text("一、总体情况\n本年度工作平稳。\n", packs=[pack]) == []  # no 六: SEC201's business


def test_section_scope_follows_the_title_not_a_wrong_numeral(tmp_path: Path) -> None:
    pack = one_rule(tmp_path, """
        code = "MY001"
        kind = "require-phrase"
        section = 6
        any = ["处理费"]
        message = "第六部分应说明信息处理费"
        """)
    misnumbered = "五、其他需要报告的事项\n本年未收取信息处理费。\n六、存在的主要问题及改进情况\n无。\n"
    assert lint_text(misnumbered, packs=[pack]) == []


def test_forbid_phrase_each_occurrence_with_width_and_spacing_variants(tmp_path: Path) -> None:
    pack = one_rule(tmp_path, """
        code = "MY002"
        kind = "forbid-phrase"
        any = ["今年以来", "（试行）"]
        message = "年度报告不宜用这些说法"
        """)
    text = "一、总体情况\n今年以来，本局……今 年以来又……\n按格式(试行)填写。\n"
    found = lint_text(text, packs=[pack])
    assert [(f.line, f.message.split("出现")[1]) for f in found] == [
        (2, "「今年以来」）"), (2, "「今 年以来」）"), (3, "「(试行)」）")]
    assert found[0].column == 1 and found[0].end_column == 5


def test_pattern_forbid_and_require(tmp_path: Path) -> None:
    pack = write(tmp_path, HEAD + """
[[rules]]
code = "MY003"
kind = "pattern"
pattern = '\\d+\\s*条信息'
message = "数量应写“件”"

[[rules]]
code = "MY004"
kind = "pattern"
mode = "require"
section = 1
pattern = '统计期限'
label = "统计期限的说明"
message = "总体情况应写明统计期限"
""")
    found = lint_text("一、总体情况\n共公开39条信息，82 条信息。\n", packs=[pack])
    assert [(f.code, f.line) for f in found] == [("MY004", 1), ("MY003", 2), ("MY003", 2)]
    assert "总体情况」中没有统计期限的说明" in found[0].message
    assert codes(lint_text("一、总体情况\n本报告统计期限为2023年。\n", packs=[pack])) == []


def test_max_chars_counts_non_space_characters_of_the_body(tmp_path: Path) -> None:
    pack = one_rule(tmp_path, """
        code = "MY005"
        kind = "max-chars"
        section = 1
        max = 10
        message = "总体情况不超过10字"
        """)
    assert lint_text("一、总体情况\n一二三四五 六七八九十\n二、主动公开政府信息情况\n", packs=[pack]) == []
    found = lint_text("一、总体情况\n一二三四五六七八九十。\n二、主动公开政府信息情况\n", packs=[pack])
    assert codes(found) == ["MY005"] and "正文 11 字，超过 10 字" in found[0].message


def test_relation_over_template_keys_on_a_real_report(tmp_path: Path) -> None:
    """Seed 003: table 三 new 13 + carried over 1, granted 14; table 二 valid normative 4."""
    pack = write(tmp_path, HEAD + """
[[rules]]
code = "MY006"
kind = "relation"
table = "requests"
for_each = "column"
expr = "granted <= new"
message = "予以公开不应多于本年新收"

[[rules]]
code = "MY007"
kind = "relation"
table = "active_disclosure"
for_each = "row"
rows = ["normative"]
expr = "valid >= issued"
message = "现行有效件数不少于本年制发件数"
""")
    found = lint_text(seed("003").read_text(encoding="utf-8"), packs=[pack])
    assert [(f.code, f.line) for f in found] == [("MY006", 74), ("MY006", 80)]
    assert "「自然人」列不满足 granted <= new：左边为 14，右边为 13" in found[0].message
    assert "「总计」列" in found[1].message


def test_relation_keys_are_checked_per_template(tmp_path: Path) -> None:
    # `issued` is a 2021 column of table 二; the 2019 format has no such column.
    rule = """
        code = "MY006"
        kind = "relation"
        table = "active_disclosure"
        for_each = "row"
        expr = "valid >= issued"
        message = "m"
        """
    assert [r.templates for r in load_pack(one_rule(tmp_path, rule)).rules] == [None]
    err = pack_error(tmp_path, HEAD + "[[rules]]\n" + textwrap.dedent(rule) + 'templates = ["2020"]\n')
    assert err.line == 10 and "模板 2020" in err.message


def test_deadline_by_level_and_parent(tmp_path: Path) -> None:
    pack = one_rule(tmp_path, """
        code = "MY008"
        kind = "deadline"
        severity = "error"
        deadlines = { township = "02-20", city-department = "01-28" }
        message = "本市规定的公布期限"
        """)

    def run(issuer: str, published: dt.date, **facts):
        return lint_text("某某2023年政府信息公开工作年度报告\n", packs=[pack],
                         facts={"issuer": issuer, "year": 2023, "published": published, **facts})

    late = run("某镇人民政府", dt.date(2024, 2, 21))
    assert codes(late) == ["MY008"] and "晚于乡镇人民政府的期限 2024年2月20日，逾期 1 天" in late[0].message
    assert late[0].severity == "error"  # the level came from config (facts.issuer)
    assert run("某镇人民政府", dt.date(2024, 2, 20)) == []
    assert codes(run("某市教育局", dt.date(2024, 1, 29))) == ["MY008"]
    assert run("某县教育局", dt.date(2024, 1, 29)) == []  # county departments: not in the table
    assert run("某县人民政府", dt.date(2024, 3, 1)) == []


def test_required_row_present_and_filled(tmp_path: Path) -> None:
    pack = one_rule(tmp_path, """
        code = "MY009"
        kind = "required-row"
        table = "active_disclosure"
        row = "fees"
        filled = true
        templates = ["2021"]
        message = "应填写收费金额"
        """)
    head = ("二、主动公开政府信息情况\n第二十条第（一）项 |\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n"
            "规章 | 0 | 0 | 0 |\n行政规范性文件 | 0 | 0 | 0 |\n")
    fee = "第二十条第（八）项 |\n信息内容 | 本年收费金额（单位：万元） |\n行政事业性收费 | {} |\n"
    assert lint_text(head + fee.format("0"), packs=[pack]) == []
    blank = lint_text(head + fee.format(""), packs=[pack])
    assert codes(blank) == ["MY009"] and "「行政事业性收费」行未填数值：空白" in blank[0].message
    missing = lint_text(head, packs=[pack])
    assert codes(missing) == ["MY009"] and "没有「行政事业性收费」行" in missing[0].message


def test_year_limits(tmp_path: Path) -> None:
    pack = one_rule(tmp_path, """
        code = "MY010"
        kind = "require-phrase"
        section = 6
        any = ["处理费"]
        from_year = 2021
        to_year = 2022
        message = "m"
        """)
    for year, want in ((2020, []), (2021, ["MY010"]), (2022, ["MY010"]), (2023, [])):
        assert codes(lint_text(SIX_NONE, packs=[pack], facts={"year": year})) == want, year
    assert lint_text(SIX_NONE, packs=[pack]) == []  # unknown year: not checked


def test_examples_use_their_facts_and_are_documented(tmp_path: Path) -> None:
    pack = load_pack(write(tmp_path, HEAD + MY001 + """
[rules.examples]
pass = "六、其他需要报告的事项\\n本年度未收取信息处理费。"
fail = "六、其他需要报告的事项\\n无"
"""))
    docs = pack.rules[0].docs
    assert "报告问题" in docs["Example"] and "六、其他需要报告的事项\n无" in docs["Example"]
    assert docs["Basis"] == "（规则包未注明依据）"
    assert pack.rules[0].pack == "mine" and pack.rules[0].name == "mine-my001"


# -- enabling: by config only ------------------------------------------------------------------
@pytest.fixture
def seed001(tmp_path: Path) -> Path:
    dest = tmp_path / "reports"
    dest.mkdir()
    shutil.copy(seed("001"), dest / "001.txt")
    write(dest, THREE)
    return dest


def my_codes(run) -> list[str]:
    return sorted(f["code"] for f in run.json()["findings"] if f["code"].startswith("MY"))


def test_three_rule_pack_beside_seed_001(seed001: Path) -> None:
    report = str(seed001 / "001.txt")
    assert my_codes(run_cli("--no-cache", "--format", "json", report)) == []  # not named
    (seed001 / "report-lint.toml").write_text('packs = ["mine.toml"]\n', encoding="utf-8")
    run = run_cli("--no-cache", "--format", "json", report)
    assert my_codes(run) == ["MY001", "MY002", "MY003"]
    by_code = {f["code"]: f for f in run.json()["findings"]}
    assert by_code["MY002"]["line"] == 5 and by_code["MY001"]["line"] == 341
    assert run.code == 1  # MY003 is an error


def test_installed_packs_never_change_results_unless_named() -> None:
    """Every first-party pack is installed; a registry without any pack gives the same results."""
    with_packs = Linter(load_registry())
    bare = load_registry()
    bare.packs.clear()
    without = Linter(bare)
    for prefix in ("000", "001", "002", "003", "004"):
        path = seed(prefix)
        a = [(f.code, f.line, f.message) for f in with_packs.check_file(path).findings]
        b = [(f.code, f.line, f.message) for f in without.check_file(path).findings]
        assert a == b, prefix
    assert not with_packs.registry.loaded_packs  # nothing was even loaded


def test_pack_path_is_relative_to_the_config_that_names_it(seed001: Path) -> None:
    (seed001.parent / "base.toml").write_text('packs = ["reports/mine.toml"]\n', encoding="utf-8")
    sub = seed001 / "town"
    sub.mkdir()
    shutil.move(seed001 / "001.txt", sub / "001.txt")
    (sub / "report-lint.toml").write_text('extend = "../../base.toml"\n', encoding="utf-8")
    assert my_codes(run_cli("--no-cache", "--format", "json", str(sub / "001.txt"))) == [
        "MY001", "MY002", "MY003"]


def test_pack_codes_are_valid_config_keys_once_named(seed001: Path) -> None:
    cfg = seed001 / "report-lint.toml"
    cfg.write_text('packs = ["mine.toml"]\n[severity]\nMY003 = "info"\n', encoding="utf-8")
    run = run_cli("--no-cache", "--format", "json", str(seed001 / "001.txt"))
    assert {f["code"]: f["severity"] for f in run.json()["findings"]}["MY003"] == "info"
    cfg.write_text('[severity]\nMY003 = "info"\n', encoding="utf-8")  # pack not named
    run = run_cli("--no-cache", str(seed001 / "001.txt"))
    assert run.code == 2 and "MY003 不存在" in run.err


def test_broken_pack_is_rl016_at_file_and_line_and_the_rest_runs(seed001: Path) -> None:
    write(seed001, THREE.replace('"forbid-phrase"', '"forbid-phrases"'), "bad.toml")
    (seed001 / "report-lint.toml").write_text('packs = ["bad.toml", "henan"]\n', encoding="utf-8")
    run = run_cli("--no-cache", "--format", "json", str(seed001 / "001.txt"))
    assert run.code == 2
    found = run.json()["findings"]
    rl016 = [f for f in found if f["code"] == "RL016"]
    assert len(rl016) == 1 and rl016[0]["line"] == 16 and rl016[0]["path"].endswith("bad.toml")
    assert "未知的 kind 'forbid-phrases'" in rl016[0]["message"]
    assert {"HEN001", "SEC208"} <= {f["code"] for f in found}  # other packs and rules still ran
    text = run_cli("--no-cache", str(seed001 / "001.txt"))
    assert "bad.toml:16:1: RL016" in text.out and "Traceback" not in text.err


def test_unknown_pack_and_missing_pack_file_are_config_errors(seed001: Path) -> None:
    cfg = seed001 / "report-lint.toml"
    cfg.write_text('packs = ["atlantis"]\n', encoding="utf-8")
    run = run_cli("--no-cache", str(seed001 / "001.txt"))
    assert run.code == 2 and "规则包 atlantis 未安装" in run.err and "henan" in run.err
    cfg.write_text('packs = ["nowhere.toml"]\n', encoding="utf-8")
    run = run_cli("--no-cache", str(seed001 / "001.txt"))
    assert run.code == 2 and "规则包文件不存在：nowhere.toml" in run.err


def test_editing_a_pack_invalidates_the_cache(seed001: Path, tmp_path: Path) -> None:
    (seed001 / "report-lint.toml").write_text('packs = ["mine.toml"]\n', encoding="utf-8")
    args = ("--cache-dir", str(tmp_path / "cache"), "--format", "json", str(seed001 / "001.txt"))
    first = run_cli(*args).json()["findings"]
    assert any(f["message"].startswith("总体情况不超过500字") for f in first)
    write(seed001, THREE.replace("总体情况不超过500字", "总体情况要短"))
    second = run_cli(*args).json()["findings"]
    assert any(f["message"].startswith("总体情况要短") for f in second)


def test_pack_rules_run_in_worker_processes(tmp_path: Path) -> None:
    from report_lint.engine import PARALLEL_MIN_FILES

    write(tmp_path, THREE.replace('"forbid-phrase"', '"forbid-phrases"'), "bad.toml")
    write(tmp_path, HEAD + MY001)
    (tmp_path / "report-lint.toml").write_text('packs = ["mine.toml", "bad.toml"]\n', encoding="utf-8")
    for i in range(PARALLEL_MIN_FILES):
        (tmp_path / f"r{i:03}.txt").write_text(SIX_NONE, encoding="utf-8")
    run = run_cli("--no-cache", "--jobs", "2", "--format", "json", str(tmp_path))
    found = run.json()["findings"]
    assert sum(f["code"] == "MY001" for f in found) == PARALLEL_MIN_FILES
    assert sum(f["code"] == "RL016" for f in found) == 1 and run.code == 2


# -- report-lint rules / rule ------------------------------------------------------------------
def test_rules_lists_installed_and_config_packs(seed001: Path, monkeypatch) -> None:
    monkeypatch.chdir(seed001)
    data = run_cli("rules", "--format", "json").json()
    packs = {p["name"]: p for p in data["packs"]}
    assert {"henan", "guangdong", "sichuan"} <= set(packs)
    assert packs["henan"]["enabled"] is False and packs["henan"]["rules"] == 2
    assert {r["code"]: r["enabled"] for r in data["rules"]}["HEN001"] is False
    (seed001 / "report-lint.toml").write_text('packs = ["henan", "mine.toml"]\n', encoding="utf-8")
    data = run_cli("rules", "--format", "json").json()
    packs = {p["name"]: p for p in data["packs"]}
    assert packs["henan"]["enabled"] and packs["mine"]["enabled"] and packs["mine"]["rules"] == 3
    enabled = {r["code"]: r["enabled"] for r in data["rules"]}
    assert enabled["HEN001"] and enabled["MY003"] and not enabled["GD001"]
    text = run_cli("rules").out
    assert "规则包 henan：已启用" in text and "规则包 guangdong：未启用" in text


def test_rule_command_shows_pack_rule_docs() -> None:
    run = run_cli("rule", "HEN001")
    assert run.code == 0
    assert "河南省人民政府办公厅" in run.out and "检查什么" in run.out and "报告问题" in run.out


def test_testing_helper_rejects_unknown_pack() -> None:
    with pytest.raises(ValueError, match="atlantis"):
        lint_text("x", packs=["atlantis"])


def test_json_findings_of_a_pack_carry_rule_name(seed001: Path) -> None:
    (seed001 / "report-lint.toml").write_text('packs = ["mine.toml"]\n', encoding="utf-8")
    out = json.loads(run_cli("--no-cache", "--format", "json", str(seed001 / "001.txt")).out)
    assert {f["name"] for f in out["findings"] if f["code"].startswith("MY")} == {
        "mine-my001", "mine-my002", "mine-my003"}
