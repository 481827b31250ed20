"""CI output formats: SARIF 2.1.0, GitHub workflow commands, JUnit XML, --statistics."""
from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import EXAMPLES, REAL, SEEDS, run_cli
from report_lint.engine import FileResult
from report_lint.findings import Finding, Fix
from report_lint.host import load_registry
from report_lint.reporters import github, junit, relative_path, sarif, statistics
from report_lint.source import Span

REGISTRY = load_registry()


def finding(code: str, sev: str, msg: str = "合计应为 53，实为 52", line: int = 3,
            path: str = "a/报告.txt") -> Finding:
    return Finding(code, msg, Span(0, 1), severity=sev, name="demo-rule", path=path, line=line,
                   column=2, end_line=line, end_column=9)


RESULTS = [
    FileResult("a/报告.txt", [finding("RL011", "warning"), finding("RL012", "error"),
                             finding("RL013", "info", line=7)], fingerprints=["f1", "f2", "f3"]),
    FileResult("b.txt"),
    FileResult("c.docx", [Finding("RL001", "无法读取：坏文件\x01", severity="error", path="c.docx")],
               error="坏文件"),
]


def render(mod, results=RESULTS, **kw) -> str:
    out = io.StringIO()
    mod.write(results, out, **kw)
    return out.getvalue()


# -- GitHub --------------------------------------------------------------------------------------
def test_github_annotation_escaping() -> None:
    f = finding("TOT301", "error", msg="100%\r\n第二行", path="d,ir/a:b.txt")
    line = github.annotation(f)
    assert line == ("::error file=d%2Cir/a%3Ab.txt,line=3,col=2,endLine=3,endColumn=9,"
                    "title=TOT301::100%25%0D%0A第二行")


def test_github_levels_and_one_line_per_finding() -> None:
    extra = [Finding("RL010", "插件 x：加载失败", severity="error", path="<plugins>")]
    lines = render(github, extra=extra).splitlines()
    assert len(lines) == 5
    assert lines[0] == "::error title=RL010::插件 x：加载失败"
    assert [l.split(" ", 1)[0] for l in lines[1:]] == ["::warning", "::error", "::notice", "::error"]


def test_relative_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert relative_path(str(tmp_path / "x" / "r.txt")) == "x/r.txt"
    assert relative_path("/elsewhere/r.txt") == "/elsewhere/r.txt"


# -- SARIF ---------------------------------------------------------------------------------------
def test_sarif_structure() -> None:
    data = json.loads(render(sarif, registry=REGISTRY))
    assert data["version"] == "2.1.0" and "sarif-2.1.0" in data["$schema"]
    (run,) = data["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert {r["id"] for r in rules} >= set(REGISTRY.rules)
    for r in rules[: len(REGISTRY.rules)]:
        assert r["name"] and r["shortDescription"]["text"] and r["fullDescription"]["text"]
        assert r["help"]["text"] and r["help"]["markdown"]
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")
    results = run["results"]
    assert len(results) == 4
    assert [r["level"] for r in results] == ["warning", "error", "note", "error"]
    for res in results:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        region = res["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert region["endLine"] >= region["startLine"]
    loc = results[0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc == {"uri": "a/%E6%8A%A5%E5%91%8A.txt", "uriBaseId": "%SRCROOT%"}
    assert results[0]["partialFingerprints"] == {"reportLint/v1": "f1"}
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"][0]["executionSuccessful"] is False  # c.docx was unreadable


def test_sarif_unknown_code_gets_a_stub_rule_and_notifications() -> None:
    res = [FileResult("x.txt", [finding("ZZ001", "error", path="x.txt")], fingerprints=["f"])]
    extra = [Finding("RL010", "插件 x 加载失败", severity="error", path="<plugins>")]
    (run,) = json.loads(render(sarif, res, registry=REGISTRY, extra=extra))["runs"]
    assert run["tool"]["driver"]["rules"][run["results"][0]["ruleIndex"]]["id"] == "ZZ001"
    notes = run["invocations"][0]["toolConfigurationNotifications"]
    assert notes[0]["descriptor"]["id"] == "RL010"


# -- JUnit ---------------------------------------------------------------------------------------
def test_junit_is_valid_xml_with_failures_for_errors() -> None:
    root = ET.fromstring(render(junit).encode("utf-8"))
    assert root.tag == "testsuites"
    suites = {s.get("name"): s for s in root}
    assert list(suites) == ["a/报告.txt", "b.txt", "c.docx"]
    a = suites["a/报告.txt"]
    assert (a.get("tests"), a.get("failures"), a.get("errors")) == ("3", "1", "0")
    assert [c.find("failure") is not None for c in a] == [False, True, False]
    assert suites["b.txt"].get("tests") == "1" and suites["b.txt"].find("testcase/failure") is None
    assert suites["c.docx"].get("errors") == "1"
    assert "\x01" not in render(junit)  # control characters cannot appear in XML 1.0
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("5", "1", "1")


# -- statistics ----------------------------------------------------------------------------------
def test_statistics_counts_per_rule() -> None:
    res = [FileResult("x", [finding("TOT301", "error"), finding("TOT301", "error"),
                            Finding("SEC205", "m", severity="warning", name="s",
                                    fix=Fix.insert(0, "x"))])]
    assert [(r["code"], r["count"], r["fixable"]) for r in statistics.rows(res)] == [
        ("TOT301", 2, 0), ("SEC205", 1, 1)]
    text = render(statistics, res)
    assert text.splitlines()[0].split() == ["2", "TOT301", "demo-rule"]
    assert "[*]" in text.splitlines()[1]


# -- end to end over the examples, seeds and real corpus -----------------------------------------
def corpus() -> list[Path]:
    paths = [EXAMPLES]
    paths += [p for p in (SEEDS, REAL) if p.is_dir()]
    return paths


def findings_json(path: Path) -> list[dict]:
    return run_cli("check", "--no-cache", "--format", "json", str(path)).json()["findings"]


@pytest.mark.parametrize("path", corpus(), ids=lambda p: p.name)
def test_formats_agree_with_json(path: Path, tmp_path: Path) -> None:
    expected = findings_json(path)
    r = run_cli("check", "--no-cache", "--format", "sarif", "--output-file",
                str(tmp_path / "out.sarif"), str(path))
    assert r.out == ""
    (run,) = json.loads((tmp_path / "out.sarif").read_text(encoding="utf-8"))["runs"]
    assert len(run["results"]) == len(expected)
    ids = [x["id"] for x in run["tool"]["driver"]["rules"]]
    for res, f in zip(run["results"], expected):
        assert res["ruleId"] == f["code"] and ids[res["ruleIndex"]] == f["code"]
        region = res["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] == f["line"]

    gh = run_cli("check", "--no-cache", "--format", "github", str(path)).out.splitlines()
    assert len(gh) == len(expected) and all(l.startswith("::") for l in gh)

    xml = run_cli("check", "--no-cache", "--format", "junit", str(path)).out
    root = ET.fromstring(xml.encode("utf-8"))
    errors = [f for f in expected if f["severity"] == "error" and f["code"] != "RL001"]
    assert int(root.get("failures")) == len(errors) == len(root.findall(".//failure"))


def test_every_reported_code_is_documented() -> None:
    codes = {f["code"] for p in corpus() for f in findings_json(p)}
    for code in sorted(codes):
        r = run_cli("rule", code)
        assert r.code == 0 and "检查什么" in r.out, code


def test_statistics_cli_and_bad_combination() -> None:
    r = run_cli("check", "--no-cache", "--statistics", "--format", "json", str(EXAMPLES))
    stats = r.json()["statistics"]
    assert sum(s["count"] for s in stats) == len(findings_json(EXAMPLES))
    assert run_cli("check", "--statistics", "--format", "sarif", str(EXAMPLES)).code == 2
