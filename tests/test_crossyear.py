"""XYR6xx folder rules and the engine's folder pass: the Pingtan series (the same two bodies,
2019–2025), report pairs written from real reports, `--jobs`, the cache, the baseline and inline
suppressions."""
from __future__ import annotations

import json
import pickle
import re
import shutil
from pathlib import Path

import pytest

from conftest import REAL, run_cli, seed
from report_lint import engine
from report_lint.cache import result_from_json, result_to_json
from report_lint.engine import Linter
from report_lint.hookspecs import hookimpl
from report_lint.host import load_registry
from report_lint.loaders import load_document
from report_lint.report import build_report
from report_lint.rules import rule
from report_lint.summary import ReportSummary, summarize_report

PINGTAN = sorted(REAL.glob("pingtan-*")) if REAL.is_dir() else []


def check(*args: str) -> dict:
    run = run_cli("check", "--format", "json", "--exit-zero", "--no-cache", *args)
    assert run.code == 0, run.err
    return run.json()


def codes(data: dict, prefix: str = "XYR") -> list[tuple[str, str, int]]:
    return sorted((Path(f["path"]).name, f["code"], f["line"]) for f in data["findings"]
                  if f["code"].startswith(prefix))


@pytest.fixture()
def pingtan(tmp_path: Path) -> Path:
    """The Pingtan series (海坛 and 苏平 片区, 2019–2025, plus three web pages) in one folder."""
    if len(PINGTAN) < 14:
        pytest.skip("Pingtan series not present")
    for p in PINGTAN:
        shutil.copy(p, tmp_path / p.name)
    return tmp_path


# --- the Pingtan series -------------------------------------------------------------------------

def test_pingtan_series_yields_the_valid_documents_break_and_nothing_else(pingtan: Path) -> None:
    data = check("--select", "XYR", str(pingtan))
    assert codes(data) == [("pingtan-suping-pianqu_2022.txt", "XYR602", 10)]
    [f] = [f for f in data["findings"] if f["code"] == "XYR602"]
    assert f["severity"] == "warning"
    assert "表二「行政规范性文件」现行有效件数为 0" in f["message"]
    assert "按上年（2021年）报告现行有效 1 件（pingtan-suping-pianqu_2021.txt 第 10 行）" in f["message"]
    assert "+ 本年制发 0 件 − 本年废止 0 件应为 1 件" in f["message"]
    # The finding points at the 2022 report's 现行有效 cell.
    text = (pingtan / "pingtan-suping-pianqu_2022.txt").read_text(encoding="utf-8")
    line = text.splitlines()[f["line"] - 1]
    assert line[f["column"] - 1] == "0"
    assert "规范性文件" in line[f["column"] - 30:f["column"]]


def test_consecutive_pingtan_reports_agree_on_carry_over(pingtan: Path) -> None:
    data = check("--select", "XYR601,XYR603,XYR604,XYR605", str(pingtan))
    assert codes(data) == []


def test_a_pair_named_on_the_command_line_is_a_folder(pingtan: Path) -> None:
    data = check("--select", "XYR", str(pingtan / "pingtan-suping-pianqu_2021.txt"),
                 str(pingtan / "pingtan-suping-pianqu_2022.txt"))
    assert codes(data) == [("pingtan-suping-pianqu_2022.txt", "XYR602", 10)]
    alone = check("--select", "XYR", str(pingtan / "pingtan-suping-pianqu_2022.txt"))
    assert codes(alone) == []


def test_jobs_do_not_change_folder_findings(pingtan: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    one = run_cli("check", "--format", "json", "--exit-zero", "--no-cache", "--jobs", "1",
                  str(pingtan))
    monkeypatch.setattr(engine, "PARALLEL_MIN_FILES", 2)  # worker processes for 17 files
    two = run_cli("check", "--format", "json", "--exit-zero", "--no-cache", "--jobs", "2",
                  str(pingtan))
    assert one.out == two.out
    assert any(f["code"] == "XYR602" for f in one.json()["findings"])


def test_cached_results_carry_their_summaries(pingtan: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    args = ("check", "--format", "json", "--exit-zero", "--cache-dir", str(cache), str(pingtan))
    cold = run_cli(*args)
    entries = list(cache.rglob("*.json"))
    assert entries and all("summary" in json.loads(e.read_text(encoding="utf-8"))
                           for e in entries)
    warm = run_cli(*args)
    assert warm.out == cold.out
    assert sorted(cache.rglob("*.json")) == sorted(entries)  # every file was a hit
    # Folder findings depend on the other files: they are never stored with a file's result.
    assert not any("XYR" in e.read_text(encoding="utf-8").split('"summary"')[0] for e in entries)


def test_baseline_holds_folder_findings_without_stale_entries(pingtan: Path, tmp_path: Path) -> None:
    base = tmp_path / "baseline.json"
    first = run_cli("check", "--format", "json", "--no-cache", "--baseline", str(base),
                    "--select", "XYR", str(pingtan))
    assert first.code == 0 and base.is_file()
    assert "XYR602" in base.read_text(encoding="utf-8")
    again = check("--baseline", str(base), "--select", "XYR", str(pingtan))
    assert again["findings"] == []
    assert again["summary"]["baselined"] == 1


def test_inline_suppression_silences_a_folder_finding(pingtan: Path) -> None:
    victim = pingtan / "pingtan-suping-pianqu_2022.txt"
    victim.write_text("<!-- report-lint: disable=XYR602 2022年清理规范性文件，已另文说明 -->\n"
                      + victim.read_text(encoding="utf-8"), encoding="utf-8")
    data = check("--select", "XYR,RL011", str(pingtan))
    assert codes(data, "XYR") == [] and codes(data, "RL") == []


def test_text_output_shows_the_line_of_a_folder_finding(pingtan: Path) -> None:
    run = run_cli("check", "--no-cache", "--exit-zero", "--select", "XYR", str(pingtan))
    assert "XYR602 [警告]" in run.out
    assert "     10 | 根据《中华人民共和国政府信息公开条例》" in run.out


# --- pairs written from real reports ----------------------------------------------------------

REQUESTS = """三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | 申请人情况 |
自然人 | 法人或其他组织 | 总计 |
商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |
一、本年新收政府信息公开申请数量 | {new} | 0 | 0 | 0 | 0 | 0 | {new} |
二、上年结转政府信息公开申请数量 | {carried} | 0 | 0 | 0 | 0 | 0 | {carried} |
三、本年度办理结果 |
（一）予以公开 | {done} | 0 | 0 | 0 | 0 | 0 | {done} |
（七）总计 | {done} | 0 | 0 | 0 | 0 | 0 | {done} |
四、结转下年度继续办理 | {forward} | 0 | 0 | 0 | 0 | 0 | {forward} |
"""


def report(body: str, year: int, new: int, carried: int, forward: int) -> str:
    done = new + carried - forward
    return (f"{body}{year}年政府信息公开工作年度报告\n一、总体情况\n{year}年，{body}认真做好政务公开工作。\n"
            + REQUESTS.format(new=new, carried=carried, done=done, forward=forward))


def test_carry_over_mismatch_is_reported_on_the_later_report(tmp_path: Path) -> None:
    (tmp_path / "a_2022.txt").write_text(report("某县统计局", 2022, 5, 0, 2), encoding="utf-8")
    (tmp_path / "a_2023.txt").write_text(report("某县统计局", 2023, 4, 1, 0), encoding="utf-8")
    (tmp_path / "b_2022.txt").write_text(report("某县民政局", 2022, 3, 0, 1), encoding="utf-8")
    (tmp_path / "b_2023.txt").write_text(report("某县民政局", 2023, 3, 1, 0), encoding="utf-8")
    data = check("--select", "XYR", str(tmp_path))
    assert codes(data) == [("a_2023.txt", "XYR601", 9)]
    [f] = data["findings"]
    assert f["message"] == ("表三「二、上年结转政府信息公开申请数量」与上年（2022年）报告「四、结转下年度继续办理」"
                            "（a_2022.txt 第 13 行）不符：总计列本年为 1，上年为 2；自然人列本年为 1，上年为 2")
    assert f["data"]["previous"].endswith("a_2022.txt")


def test_issuer_name_variants_are_one_body(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text(report("某县人民政府办公室", 2022, 5, 0, 2), encoding="utf-8")
    (tmp_path / "y.txt").write_text(report("某县政府办公室", 2023, 4, 1, 0), encoding="utf-8")
    assert codes(check("--select", "XYR601", str(tmp_path))) == [("y.txt", "XYR601", 9)]


def _next_year(text: str, year: int) -> str:
    """A report made from last year's file: every year moved on by one, nothing else."""
    return re.sub(r"20\d\d", lambda m: str(int(m.group()) + 1), text)


def test_seed_003_copied_into_next_year(tmp_path: Path) -> None:
    text = seed("003").read_text(encoding="utf-8")
    (tmp_path / "changtu_2024.txt").write_text(text, encoding="utf-8")
    (tmp_path / "changtu_2025.txt").write_text(_next_year(text, 2024), encoding="utf-8")
    data = check("--select", "XYR", str(tmp_path))
    found = {(f["code"], f["path"].rsplit("/", 1)[-1]): f["message"] for f in data["findings"]}
    # Last year's table copied whole also breaks the carry-over: 2024's 四 is 0, the copy's 二 is 1.
    assert set(found) == {("XYR601", "changtu_2025.txt"), ("XYR603", "changtu_2025.txt"),
                          ("XYR605", "changtu_2025.txt")}
    assert found[("XYR603", "changtu_2025.txt")].startswith(
        "「一、总体情况」有 100% 的文字与上年（2024年）报告（changtu_2024.txt 第 2 行）相同")
    assert found[("XYR605", "changtu_2025.txt")].startswith(
        "表三（收到和处理政府信息公开申请情况）的数据与上年（2024年）报告")


def test_seed_003_copied_by_another_body(tmp_path: Path) -> None:
    text = seed("003").read_text(encoding="utf-8")
    (tmp_path / "changtu.txt").write_text(text, encoding="utf-8")
    (tmp_path / "kaiyuan.txt").write_text(text.replace("昌图县", "开原县"), encoding="utf-8")
    data = check("--select", "XYR604", str(tmp_path))
    assert codes(data) == [("changtu.txt", "XYR604", 2), ("kaiyuan.txt", "XYR604", 2)]
    msg = next(f["message"] for f in data["findings"] if f["path"].endswith("kaiyuan.txt"))
    assert "与昌图县人民政府办公室同年的报告（changtu.txt 第 2 行）相同" in msg


def test_a_rewritten_report_is_not_a_copy(tmp_path: Path) -> None:
    for p in (REAL / "pingtan-haitan-pianqu_2023.txt", REAL / "pingtan-suping-pianqu_2023.txt"):
        if not p.is_file():
            pytest.skip("Pingtan series not present")
        shutil.copy(p, tmp_path / p.name)
    assert codes(check("--select", "XYR604", str(tmp_path))) == []


# --- the engine's folder pass -------------------------------------------------------------------

def test_summary_survives_json_and_pickle() -> None:
    path = seed("003")
    s = summarize_report(build_report(load_document(path)), str(path))
    for back in (ReportSummary.from_json(json.loads(json.dumps(s.to_json()))),
                 pickle.loads(pickle.dumps(s))):
        assert back.issuer == "昌图县人民政府办公室" and back.year == 2024
        assert back.value("active_disclosure", "normative", "valid") == 4
        assert back.cell("requests", "carried_over", "total").anchor == \
            s.cell("requests", "carried_over", "total").anchor
        assert back.sections["overview"].sentences == s.sections["overview"].sentences
        assert back.tables == s.tables
    assert len(pickle.dumps(s)) < 8000  # every file of a run keeps one until the folder pass


def test_cache_round_trip_keeps_the_summary() -> None:
    path = seed("003")
    linter = Linter(load_registry())
    linter.folder_pass = True
    result = linter.check_file(path)
    back = result_from_json(json.loads(json.dumps(result_to_json(result))))
    assert back.summary is not None and back.summary.to_json() == result.summary.to_json()


class _Boom:
    @hookimpl
    def report_lint_get_rules(self) -> list:
        @rule("ZZ901", "boom-folder", "示例", scope="folder")
        def boom(summaries, ctx):
            """Fails.

            ## What it checks
            x
            """
            raise RuntimeError("炸了")

        return [boom]


def test_a_crashing_folder_rule_is_an_internal_error_finding() -> None:
    linter = Linter(load_registry([("boom", _Boom())]))
    linter.folder_pass = True
    results = [linter.check_file(seed("003"))]
    linter.run_folder_rules(results)
    [err] = [f for f in linter.plugin_findings() if f.data.get("rule") == "ZZ901"]
    assert "规则 ZZ901（boom-folder）运行出错：RuntimeError: 炸了" in err.message


def test_without_folder_pass_no_summary_is_built() -> None:
    result = Linter(load_registry()).check_file(seed("003"))
    assert result.summary is None
