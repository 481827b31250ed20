"""The command line end to end: contracts other tools rely on, exit codes, config."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, run_cli, seed

CLEAN = EXAMPLES / "2023-qinghe-natural-resources.txt"
DEFECTS = EXAMPLES / "2022-qinghe-county-office-defects.txt"
FINDING_KEYS = {"path", "code", "name", "severity", "message", "line", "column", "end_line",
                "end_column", "fix"}


def test_version_and_help() -> None:
    r = run_cli("--version")
    assert r.code == 0 and "report-lint" in r.out
    r = run_cli("--help")
    assert r.code == 0 and "check" in r.out


def test_json_contract_on_examples() -> None:
    r = run_cli("check", "--format", "json", str(EXAMPLES))
    data = r.json()
    assert data["version"] == 1
    assert {f["path"] for f in data["files"]} == {str(CLEAN), str(DEFECTS)}
    for f in data["files"]:
        assert set(f) >= {"path", "template", "year", "error"}
    for f in data["findings"]:
        assert set(f) >= FINDING_KEYS
        assert f["severity"] in ("error", "warning", "info")
        assert f["line"] >= 1 and f["column"] >= 1
    by_path = {f["path"]: f for f in data["files"]}
    assert by_path[str(CLEAN)]["template"] == "2021" and by_path[str(CLEAN)]["year"] == 2023
    assert by_path[str(DEFECTS)]["year"] == 2022


def test_clean_example_has_no_errors_and_exits_zero() -> None:
    r = run_cli("check", "--format", "json", str(CLEAN))
    errors = [f for f in r.json()["findings"] if f["severity"] == "error"]
    assert errors == [] and r.code == 0, errors


def test_defects_example_exits_one() -> None:
    r = run_cli("check", str(DEFECTS))
    assert r.code == 1
    assert "个错误" in r.out and "2022-qinghe-county-office-defects.txt:" in r.out
    assert run_cli("check", "--exit-zero", str(DEFECTS)).code == 0


def test_unreadable_file_exits_two_and_others_still_checked(tmp_path: Path) -> None:
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"\x00\x01 not a zip")
    good = tmp_path / "good.txt"
    shutil.copy(DEFECTS, good)
    r = run_cli("check", "--format", "json", str(bad), str(good))
    assert r.code == 2
    data = r.json()
    errors = {f["path"]: f["error"] for f in data["files"]}
    assert errors[str(bad)] and errors[str(good)] is None
    assert any(f["code"] == "RL001" and f["path"] == str(bad) for f in data["findings"])
    assert any(f["path"] == str(good) for f in data["findings"])
    assert "Traceback" not in r.err


def test_config_ignoring_reported_codes_silences_them(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    shutil.copy(DEFECTS, report)
    codes = sorted({f["code"] for f in run_cli("check", "--format", "json", str(report)).json()["findings"]})
    assert codes
    (tmp_path / "report-lint.toml").write_text(f"ignore = {json.dumps(codes)}\n", encoding="utf-8")
    r = run_cli("check", "--format", "json", str(report))
    assert r.json()["findings"] == [] and r.code == 0


def test_unknown_code_and_bad_config_exit_two(tmp_path: Path) -> None:
    r = run_cli("check", "--select", "NOPE123", str(CLEAN))
    assert r.code == 2 and "NOPE123" in r.err
    (tmp_path / "report-lint.toml").write_text("colour = true\n", encoding="utf-8")
    report = tmp_path / "r.txt"
    shutil.copy(CLEAN, report)
    r = run_cli("check", str(report))
    assert r.code == 2 and "colour" in r.err and "Traceback" not in r.err


def test_missing_path_is_an_unreadable_file() -> None:
    r = run_cli("check", "--format", "concise", "/nonexistent/report.txt")
    assert r.code == 2 and "RL001" in r.out and "文件不存在" in r.out and "Traceback" not in r.err


def test_stdin_with_filename() -> None:
    r = run_cli("check", "--format", "json", "-", "--stdin-filename", "x/2022.txt",
                stdin=DEFECTS.read_bytes())
    data = r.json()
    assert data["files"][0]["path"] == "x/2022.txt"
    assert data["findings"] and all(f["path"] == "x/2022.txt" for f in data["findings"])


def test_rules_and_rule_docs() -> None:
    r = run_cli("rules", "--format", "json")
    rules = {x["code"]: x for x in r.json()["rules"]}
    assert rules["RL001"]["enabled"] and rules["RL001"]["severity"] == "error"
    r = run_cli("rule", "RL004")
    assert r.code == 0 and "检查什么" in r.out and "依据" in r.out
    assert run_cli("rule", "XX999").code == 2


def parse(path: Path) -> dict:
    r = run_cli("parse", "--format", "json", str(path))
    assert r.code == 0, r.err
    return r.json()


def rows(table: dict) -> dict[str, list]:
    return {row["label"]: row["values"] for row in table["rows"]}


def test_parse_seed_000() -> None:
    d = parse(seed("000"))
    assert (d["template"], d["year"]) == ("2020", 2020)
    assert [s["number"] for s in d["sections"]] == [1, 2, 3, 4, 5]
    req = rows(d["tables"]["requests"])
    assert req["一、本年新收政府信息公开申请数量"] == [53, 0, 0, 0, 0, 0, 53]
    assert req["（七）总计"] == [52, 0, 0, 0, 0, 0, 52]
    assert d["tables"]["requests"]["columns"] == ["自然人", "商业企业", "科研机构", "社会公益组织",
                                                  "法律服务机构", "其他", "总计"]
    review = d["tables"]["review_litigation"]
    assert len(review["columns"]) == 15
    assert review["rows"][0]["values"] == [1, 1, 0, 0, 2, 2, 0, 0, 0, 2, 1, 0, 0, 0, 1]
    active = {(r["item"], r["label"]): r["values"] for r in d["tables"]["active_disclosure"]["rows"]}
    assert active[("第二十条第（一）项", "规范性文件")] == [1, 1, 1]


def test_parse_seed_004_blank_cells_are_null() -> None:
    d = parse(seed("004"))
    assert (d["template"], d["year"]) == ("2020", 2020)
    active = rows(d["tables"]["active_disclosure"])
    assert active["规章"] == [0, None, None]
    assert active["其他对外管理服务事项"] == [0, 20, 0]


@pytest.mark.parametrize("prefix, template, year, sections", [
    ("001", "2021", 2023, [1, 2, 3, 4, 5, 6]),
    ("002", "2021", 2022, [1, 1, 2, 3, 4, 5, 6]),
    ("003", "2021", 2024, [1, 2, 3, 4, 5, 6]),
])
def test_parse_2021_seeds(prefix: str, template: str, year: int, sections: list[int]) -> None:
    d = parse(seed(prefix))
    assert (d["template"], d["year"]) == (template, year)
    assert [s["number"] for s in d["sections"]] == sections
    assert len(d["tables"]["requests"]["rows"]) == 25  # 2021: three （六） leaves


def test_parse_seed_003_values() -> None:
    d = parse(seed("003"))
    assert rows(d["tables"]["active_disclosure"])["行政规范性文件"] == [0, 0, 4]
    req = rows(d["tables"]["requests"])
    assert req["一、本年新收政府信息公开申请数量"] == [13, 0, 0, 0, 0, 0, 13]
    assert req["二、上年结转政府信息公开申请数量"] == [1, 0, 0, 0, 0, 0, 1]
    assert d["issuer_level"] == "county"
