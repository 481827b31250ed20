"""The national templates as data (rules/templates/2020.toml, 2021.toml) and their loader."""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from report_lint.templates import (TemplateError, load_template_file, load_templates,
                                   parse_relation, parse_template)
from report_lint.text import norm

RULES = Path(__file__).resolve().parents[1] / "rules" / "templates"

REQUEST_ROWS_COMMON = [
    "new", "carried_over", "results", "granted", "partial", "withheld",
    "withheld_state_secret", "withheld_law", "withheld_security", "withheld_third_party",
    "withheld_internal", "withheld_process", "withheld_enforcement", "withheld_query",
    "unable", "unable_not_held", "unable_need_creation", "unable_unclear",
    "not_processed", "not_processed_petition", "not_processed_repeat",
    "not_processed_publication", "not_processed_excessive", "not_processed_confirmation",
]
CASE_COLUMNS = [f"{g}_{c}" for g in ("review", "suit_direct", "suit_after_review")
                for c in ("upheld", "corrected", "other", "pending", "total")]


@pytest.fixture(scope="module")
def tpl():
    return load_templates()


def test_both_national_templates_load(tpl):
    assert set(tpl) == {"2020", "2021"}
    assert load_templates() == tpl  # cached
    assert load_templates()["2021"] is tpl["2021"]
    assert set(tpl["2020"].tables) == {"active_disclosure", "requests", "review_litigation"}
    assert set(tpl["2021"].tables) == set(tpl["2020"].tables)


def test_metadata(tpl):
    old, new = tpl["2020"], tpl["2021"]
    assert old.document == "国办公开办函〔2019〕60号" and old.date == "2019-11-27"
    assert new.document == "国办公开办函〔2021〕30号" and new.date == "2021-09-26"
    assert new.published == "2021-09-29"
    assert [y for y in range(2017, 2026) if old.governs(y)] == [2019, 2020]
    assert [y for y in range(2017, 2026) if new.governs(y)] == [2021, 2022, 2023, 2024, 2025]
    assert old.advisory_years == (2019,)


def test_request_rows(tpl):
    r20 = [r.key for r in tpl["2020"].tables["requests"].rows]
    r21 = [r.key for r in tpl["2021"].tables["requests"].rows]
    assert r20 == REQUEST_ROWS_COMMON + ["other", "total", "carry_forward"]
    assert r21 == REQUEST_ROWS_COMMON + ["other_handling", "other_overdue_correction",
                                         "other_overdue_fee", "other_other", "total",
                                         "carry_forward"]
    groups = {r.key for r in tpl["2021"].tables["requests"].rows if r.group}
    assert groups == {"results", "withheld", "unable", "not_processed", "other_handling"}


def test_official_labels_as_in_domain_reference(tpl):
    t = tpl["2021"].tables["requests"]
    assert t.row("new").label == "一、本年新收政府信息公开申请数量"
    assert t.row("partial").label == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert t.row("withheld_security").label == "3.危及“三安全一稳定”"
    assert t.row("other_overdue_fee").label == \
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    assert t.row("total").label == "（七）总计"
    assert t.row("carry_forward").label == "四、结转下年度继续办理"
    assert tpl["2020"].tables["requests"].row("other").label == "（六）其他处理"


def test_columns(tpl):
    for t in tpl.values():
        req = t.tables["requests"]
        assert req.column_sets["applicants"].keys == (
            "natural", "business", "research", "public_interest", "legal", "other", "total")
        cases = t.tables["review_litigation"].column_sets["cases"]
        assert list(cases.keys) == CASE_COLUMNS
        assert [r.key for r in t.tables["review_litigation"].rows] == ["cases"]
        assert t.tables["review_litigation"].row("cases").anchor == "header"
    a20 = tpl["2020"].tables["active_disclosure"]
    a21 = tpl["2021"].tables["active_disclosure"]
    assert a20.column_set_of("rules").keys == ("made", "published", "public_total")
    assert a20.column_set_of("licensing").keys == ("previous", "change", "decisions")
    assert a20.column_set_of("fees").keys == ("previous", "change")
    assert a20.column_set_of("procurement").keys == ("count", "amount")
    assert a21.column_set_of("normative").keys == ("issued", "repealed", "valid")
    assert a21.column_set_of("penalty").keys == ("decisions",)
    assert a21.column_set_of("fees").keys == ("amount",)


def test_active_disclosure_rows_and_items(tpl):
    a20 = tpl["2020"].tables["active_disclosure"]
    a21 = tpl["2021"].tables["active_disclosure"]
    assert [r.key for r in a20.value_rows()] == [
        "rules", "normative", "licensing", "other_services", "penalty", "enforcement", "fees",
        "procurement"]
    assert [r.key for r in a21.value_rows()] == [
        "rules", "normative", "licensing", "penalty", "enforcement", "fees"]
    assert a21.row("normative").label == "行政规范性文件"
    assert a21.row("normative").item == "第二十条第（一）项"
    assert a20.row("procurement").item == "第二十条第（九）项"
    # Reading order: item, 信息内容, column labels, rows.
    assert [e.key for e in a21.elements[:7]] == [
        "item1", "prefix0", "item1.issued", "item1.repealed", "item1.valid", "rules", "normative"]


def test_label_variants(tpl):
    made = tpl["2020"].tables["active_disclosure"].column_sets["item1"].column("made")
    trunc = [lab for lab in made.labels if lab.kind == "truncation"]
    assert [lab.text for lab in trunc] == ["本年新"] and trunc[0].exact
    cases = tpl["2021"].tables["review_litigation"].column_sets["cases"]
    assert {lab.text for c in cases.columns for lab in c.labels if lab.kind == "truncation"} == \
        {"结果", "其他", "尚未"}
    valid = tpl["2021"].tables["active_disclosure"].column_sets["item1"].column("valid")
    assert ("先行有效件数", "typo") in {(lab.text, lab.kind) for lab in valid.labels}
    law = tpl["2021"].tables["requests"].row("withheld_law")
    assert ("2.其他法律行政止公开", "typo") in {(lab.text, lab.kind) for lab in law.labels}
    note = tpl["2020"].tables["requests"].header[0]
    assert any("钩稽" in lab.text and lab.kind == "typo" for lab in note.labels)


def test_numbering_variants_keep_their_prefix(tpl):
    law = tpl["2021"].tables["requests"].row("withheld_law")
    bare = next(lab for lab in law.labels if lab.text == "其他法律行政法规禁止公开")
    assert bare.prefixes == ("2.", "2、", "（2）")
    assert {"2、其他法律行政法规禁止公开", "（2）其他法律行政法规禁止公开"} <= \
        {lab.text for lab in law.labels}
    # Short labels get no bare form: 总计 and 其他 are column headers too.
    total = tpl["2021"].tables["requests"].row("total")
    assert "总计" not in {lab.norm for lab in total.labels}
    other = tpl["2021"].tables["requests"].row("other_other")
    assert "其他" not in {lab.norm for lab in other.labels}


def test_money_columns_and_local_variant(tpl):
    fee = tpl["2021"].tables["active_disclosure"].column_sets["fees"].column("amount")
    assert fee.label == "本年收费金额（单位：万元）" and fee.money and fee.unit == "万元"
    local = [lab for lab in fee.labels if lab.kind == "local"]
    assert [(norm(lab.text), lab.region) for lab in local] == [
        (norm("本年收费金额(单位:万元,保留4位小数)"), "河南")]
    amount = tpl["2020"].tables["active_disclosure"].column_sets["procurement"].column("amount")
    assert amount.money and amount.unit is None
    change = tpl["2020"].tables["active_disclosure"].column_sets["projects"].column("change")
    assert change.signed


def test_old_template_labels_in_2021(tpl):
    a21 = tpl["2021"].tables["active_disclosure"]
    old = {o.label.text for o in a21.old_labels}
    assert {"本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量",
            "其他对外管理服务事项", "第二十条第（九）项", "政府集中采购"} <= old
    normative = a21.row("normative")
    assert ("规范性文件", "old") in {(lab.text, lab.kind) for lab in normative.labels}
    assert tpl["2021"].tables["requests"].row("other_handling").old_if_values
    ev = tpl["2020"].tables["requests"].evidence
    assert [(e.row, e.has_values) for e in ev] == [("other", True)]


def test_leaf_sets(tpl):
    l20 = tpl["2020"].tables["requests"].sets["leaves"]
    l21 = tpl["2021"].tables["requests"].sets["leaves"]
    assert len(l20) == 19 and l20[-1] == "other"
    assert len(l21) == 21 and l21[-3:] == ("other_overdue_correction", "other_overdue_fee",
                                           "other_other")
    assert l20[:-1] == l21[:-3]


def test_relations(tpl):
    ids20 = {r.id for r in tpl["2020"].relations}
    ids21 = {r.id for r in tpl["2021"].relations}
    common = {"T3-1", "T3-2", "T3-3", "T3-4", "T3-5", "T4-1", "T4-2", "T4-3", "T4-4"}
    assert ids20 == common | {"T2-4", "T2-5"}
    assert ids21 == common | {"T2-2"}
    for t in tpl.values():
        assert [r.id for r in t.relations if r.official] == ["T3-1"]
        assert t.relation("T3-1").expr.source == "new + carried_over == total + carry_forward"
        assert t.relation("T3-2").expr.set_names == {"leaves"}
        assert t.relation("T3-4").integer and t.relation("T3-4").for_each == "cell"
        for r in t.relations:
            assert r.severity in ("error", "warning", "info") and r.description
    assert tpl["2021"].relation("T2-2").severity == "warning"
    assert tpl["2020"].tables["requests"].split_checks == ("T3-3",)


# --- validation ----------------------------------------------------------------------------

def _data(name: str = "2021.toml") -> dict:
    return tomllib.loads((RULES / name).read_text("utf-8"))


def test_unknown_key_names_file_and_key(tmp_path):
    text = (RULES / "2021.toml").read_text("utf-8").replace(
        'id = "2021"', 'id = "x-test"', 1).replace('key = "rules"\nlabel = "规章"',
                                                   'key = "rules"\nlable = "规章"', 1)
    p = tmp_path / "province.toml"
    p.write_text(text, "utf-8")
    with pytest.raises(TemplateError) as exc:
        load_templates([p])
    assert "province.toml" in str(exc.value) and "tables[0].rows[1].lable" in str(exc.value)


@pytest.mark.parametrize("mutate, needle", [
    (lambda d: d["template"].update(colour="red"), "'template.colour'"),
    (lambda d: d.update(extra=1), "'extra'"),
    (lambda d: d["tables"][1]["column_sets"][0]["columns"][0].update(wide=True),
     "'tables[1].column_sets[0].columns[0].wide'"),
    (lambda d: d["relations"][0].update(expr="new.x == 1"), "relations[0].expr"),
    (lambda d: d["relations"][0].update(expr="nosuchrow == 1"), "relations[0].expr"),
    (lambda d: d["relations"][0].update(severity="fatal"), "relations[0].severity"),
    (lambda d: d["relations"][1].update(expr="total == leaves"), "relations[1].expr"),
    (lambda d: d["tables"][1]["sets"].update(odd=["nope"]), "sets.odd"),
    (lambda d: d["tables"][1]["rows"][0].update(columns="nope"), "rows[0].columns"),
    (lambda d: d["template"].pop("id"), "template.id"),
    (lambda d: d["template"].update(from_year="2021"), "template.from_year"),
])
def test_invalid_templates_are_errors(mutate, needle):
    data = _data()
    mutate(data)
    with pytest.raises(TemplateError) as exc:
        parse_template(data, "x.toml")
    assert str(exc.value).startswith("x.toml: ") and needle in str(exc.value)


def test_duplicate_template_id_is_an_error(tmp_path):
    p = tmp_path / "dup.toml"
    p.write_text((RULES / "2021.toml").read_text("utf-8"), "utf-8")
    with pytest.raises(TemplateError, match="重复"):
        load_templates([p])


def test_extra_template_is_loaded(tmp_path):
    p = tmp_path / "local.toml"
    p.write_text((RULES / "2021.toml").read_text("utf-8").replace('id = "2021"', 'id = "x1"', 1),
                 "utf-8")
    got = load_templates([p])
    assert set(got) == {"2020", "2021", "x1"} and got["x1"].path == str(p)


def test_sections_file_is_not_a_template(tpl):
    assert all(not t.path.endswith("sections.toml") for t in tpl.values())


def test_province_relation_uses_the_same_language(tpl):
    tables = tpl["2021"].tables
    rel = parse_relation({"id": "HEN-1", "table": "requests", "for_each": "column",
                          "columns": ["total"], "expr": "granted + partial <= new",
                          "severity": "warning", "description": "示例"}, "pack.toml",
                         "rules[0]", tables)
    assert rel.columns == ("total",) and rel.source == "pack.toml"
    with pytest.raises(TemplateError, match="pack.toml: rules\\[0\\].expr"):
        parse_relation({"id": "HEN-2", "table": "requests", "for_each": "row",
                        "expr": "natural == nope", "severity": "info", "description": "x"},
                       "pack.toml", "rules[0]", tables)
    with pytest.raises(TemplateError, match="columns"):
        parse_relation({"id": "HEN-3", "table": "requests", "for_each": "column",
                        "columns": ["nope"], "expr": "new >= 0", "severity": "info",
                        "description": "x"}, "pack.toml", "rules[0]", tables)


def test_template_files_load_directly():
    for name in ("2020.toml", "2021.toml"):
        t = load_template_file(RULES / name)
        assert t.id == name[:4]
