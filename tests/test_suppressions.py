"""Inline suppression directives: parsing, ranges, hygiene findings, and end to end."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, REAL, SEEDS, run_cli
from report_lint import suppressions as sup
from report_lint.findings import Finding
from report_lint.source import Source

DEFECTS = EXAMPLES / "2022-qinghe-county-office-defects.txt"
KNOWN = ["TOT301", "TOT302", "SEC201", "SEC205", "DAT402", "RL011"]


def src(*lines: str) -> Source:
    return Source("r.txt", "\n".join(lines) + "\n")


def at(code: str, line: int) -> Finding:
    return Finding(code, "m", line=line, column=1, end_line=line, end_column=2)


def run(source: Source, findings: list[Finding], top: int | None = None,
        enabled=lambda c: True) -> tuple[list[Finding], list[Finding]]:
    parsed = sup.parse(source, top)
    kept = sup.apply(findings, parsed)
    return kept, sup.hygiene(parsed, source, KNOWN, enabled)


# -- parsing -------------------------------------------------------------------------------------
def test_no_marker_is_free() -> None:
    parsed = sup.parse(src("一、总体情况", "正文"), 1)
    assert parsed.directives == [] and parsed.ranges == [] and parsed.invalid == []


@pytest.mark.parametrize("comment, action, codes, reason", [
    ("<!-- report-lint: disable=TOT301 上级口径 -->", "disable", ("TOT301",), "上级口径"),
    ("<!--report-lint:disable=tot301,SEC205 理由-->", "disable", ("TOT301", "SEC205"), "理由"),
    ("<!-- report-lint: disable=TOT301, SEC205 -- 理由 -->", "disable", ("TOT301", "SEC205"), "理由"),
    ("<!-- report-lint: disable=TOT301原因写在后面 -->", "disable", ("TOT301",), "原因写在后面"),
    ("<!-- report-lint: disable-next-line=TOT3 表格口径 -->", "disable-next-line", ("TOT3",), "表格口径"),
    ("<!-- report-lint: enable=ALL -->", "enable", ("ALL",), ""),
    ("<!-- report-lint: disable=SEC201：第六部分另行公布 -->", "disable", ("SEC201",), "第六部分另行公布"),
])
def test_directive_forms(comment: str, action: str, codes: tuple, reason: str) -> None:
    (d,) = sup.parse(src(comment), 5).directives
    assert (d.action, d.codes, d.reason) == (action, codes, reason)


@pytest.mark.parametrize("comment", [
    "<!-- report-lint disable=TOT301 x -->",       # no colon
    "<!-- report-lint: disabel=TOT301 x -->",      # misspelt action
    "<!-- report-lint: disable TOT301 x -->",      # no '='
    "<!-- report-lint: disable= 原因 -->",           # no code
])
def test_malformed_directives_are_rl015(comment: str) -> None:
    kept, hyg = run(src("x", comment), [at("TOT301", 1)], 1)
    assert len(kept) == 1 and [f.code for f in hyg] == [sup.INVALID]


def test_plain_text_form_is_not_a_directive() -> None:
    """Only the HTML-comment form counts, in every format (see README)."""
    kept, hyg = run(src("一、总体情况", "report-lint: disable=TOT301 原因"), [at("TOT301", 2)], 1)
    assert len(kept) == 1 and hyg == []


# -- ranges --------------------------------------------------------------------------------------
def test_top_directive_covers_whole_file_including_line_one() -> None:
    s = src("标题", "<!-- report-lint: disable=SEC201 第六部分另行公布 -->", "一、总体情况", "x", "y")
    kept, hyg = run(s, [at("SEC201", 1), at("SEC201", 5), at("TOT301", 4)], top=3)
    assert [f.code for f in kept] == ["TOT301"] and hyg == []


def test_disable_enable_range_is_by_line() -> None:
    s = src("一、总体情况", "<!-- report-lint: disable=TOT301 口径 -->", "a", "b",
            "<!-- report-lint: enable=TOT301 -->", "c")
    kept, hyg = run(s, [at("TOT301", 1), at("TOT301", 3), at("TOT301", 4), at("TOT301", 6)], top=1)
    assert [f.line for f in kept] == [1, 6] and hyg == []


def test_unclosed_disable_below_top_runs_to_end() -> None:
    s = src("一、总体情况", "a", "<!-- report-lint: disable=TOT3 口径 -->", "b", "c")
    kept, _ = run(s, [at("TOT301", 2), at("TOT302", 5)], top=1)
    assert [f.line for f in kept] == [2]


def test_disable_next_line_skips_blank_lines() -> None:
    s = src("一、总体情况", "<!-- report-lint: disable-next-line=TOT301 口径 -->", "", "行", "行2")
    kept, hyg = run(s, [at("TOT301", 4), at("TOT301", 5)], top=1)
    assert [f.line for f in kept] == [5] and hyg == []


def test_enable_all_closes_everything_and_partial_enable_keeps_others() -> None:
    s = src("一、总体情况", "<!-- report-lint: disable=TOT301,SEC205 口径 -->", "a",
            "<!-- report-lint: enable=TOT301 -->", "b", "<!-- report-lint: enable=ALL -->", "c")
    fs = [at("TOT301", 3), at("SEC205", 3), at("TOT301", 5), at("SEC205", 5), at("SEC205", 7)]
    kept, hyg = run(s, fs, top=1)
    assert [(f.code, f.line) for f in kept] == [("TOT301", 5), ("SEC205", 7)] and hyg == []


def test_multiline_comment_and_html_source() -> None:
    html = ("<html><head><!-- report-lint:\n  disable=SEC201 第六部分在附件中 --></head>\n"
            "<body><h2>一、总体情况</h2>\n<p>x</p></body></html>\n")
    s = Source("r.html", html, "html")
    kept, hyg = run(s, [at("SEC201", 1)], top=3)
    assert kept == [] and hyg == []


# -- hygiene -------------------------------------------------------------------------------------
def test_unused_unknown_and_reasonless() -> None:
    s = src("<!-- report-lint: disable=TOT301,SEC205 口径 -->",
            "<!-- report-lint: disable=NOPE999 x -->",
            "<!-- report-lint: disable=DAT402 -->",
            "一、总体情况")
    kept, hyg = run(s, [at("TOT301", 5), at("DAT402", 5)], top=4)
    assert kept == []
    by_code = {f.code: f for f in hyg}
    assert set(by_code) == {sup.UNUSED, sup.UNKNOWN_CODE, sup.NO_REASON}
    assert "SEC205" in by_code[sup.UNUSED].message and "TOT301" not in by_code[sup.UNUSED].message
    assert "NOPE999" in by_code[sup.UNKNOWN_CODE].message
    assert by_code[sup.NO_REASON].severity == "error"


def test_rules_that_did_not_run_are_not_reported_unused() -> None:
    s = src("<!-- report-lint: disable=TOT301 口径 -->", "一、总体情况")
    _, hyg = run(s, [], top=2, enabled=lambda c: not c.startswith("TOT"))
    assert hyg == []


def test_orphan_enable_is_unused() -> None:
    _, hyg = run(src("一、总体情况", "<!-- report-lint: enable=TOT301 -->"), [], top=1)
    assert [f.code for f in hyg] == [sup.UNUSED]


def test_unused_fix_removes_the_line_or_the_code() -> None:
    s = src("一、总体情况", "<!-- report-lint: disable=TOT301 口径 -->", "正文")
    (f,) = run(s, [], top=1)[1]
    (edit,) = f.fix.edits
    assert s.text[:edit.start] + edit.replacement + s.text[edit.end:] == "一、总体情况\n正文\n"
    s = src("一、总体情况", "<!-- report-lint: disable=TOT301,SEC205 口径 -->", "正文")
    (f,) = run(s, [at("TOT301", 3)], top=1)[1]
    assert f.fix.edits[0].replacement == "<!-- report-lint: disable=TOT301 口径 -->"


# -- end to end ----------------------------------------------------------------------------------
def codes_of(path: Path, *extra: str) -> list[str]:
    r = run_cli("check", "--no-cache", "--format", "json", *extra, str(path))
    if r.code == 2 and any(f["error"] for f in r.json()["files"]):
        pytest.skip(f"{path.name} cannot be read (its loader may not be installed)")
    assert r.code in (0, 1), r.err
    return [f["code"] for f in r.json()["findings"]]


def with_top_directive(path: Path, code: str, dest: Path) -> Path:
    """The report with a directive for `code` as its first line (HTML: after <head>)."""
    text = path.read_text(encoding="utf-8")
    comment = f"<!-- report-lint: disable={code} 经审核，此项按上级要求处理 -->"
    if path.suffix.lower() in (".html", ".htm") and "<head>" in text:
        text = text.replace("<head>", "<head>" + comment, 1)
    else:
        text = comment + "\n" + text
    dest.write_text(text, encoding="utf-8")
    return dest


def test_top_directive_silences_the_code_end_to_end(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    shutil.copy(DEFECTS, report)
    before = codes_of(report)
    assert before, "the defects example has findings"
    code = before[0]
    after = codes_of(with_top_directive(report, code, report))
    assert code not in after and sup.UNUSED not in after
    assert sorted(after) == sorted(c for c in before if c != code)


def corpus_files() -> list[Path]:
    files = sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []
    if REAL.is_dir():
        files += sorted(p for p in REAL.iterdir() if p.suffix in (".txt", ".md", ".html"))
    return files


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_top_directive_silences_every_reported_code_on_corpus(path: Path, tmp_path: Path) -> None:
    before = codes_of(path)
    codes = sorted(set(before) - {"RL001"})
    if not codes:
        pytest.skip("no findings")
    for code in codes:
        after = codes_of(with_top_directive(path, code, tmp_path / path.name))
        assert code not in after, (code, after)
        assert sup.UNUSED not in after and sup.INVALID not in after


def test_unused_and_reasonless_directives_end_to_end(tmp_path: Path) -> None:
    report = tmp_path / "r.txt"
    text = DEFECTS.read_text(encoding="utf-8")
    report.write_text("<!-- report-lint: disable=RL003 没有这个问题 -->\n"
                      "<!-- report-lint: disable=SEC2 -->\n" + text, encoding="utf-8")
    r = run_cli("check", "--no-cache", "--format", "json", str(report))
    found = {(f["code"], f["line"]) for f in r.json()["findings"]}
    assert (sup.UNUSED, 1) in found and (sup.NO_REASON, 2) in found
    assert r.code == 1
    # Config can turn the hygiene rules off like any other rule.
    r = run_cli("check", "--no-cache", "--format", "json", "--ignore", "RL011,RL013", str(report))
    assert {f["code"] for f in r.json()["findings"]} & {sup.UNUSED, sup.NO_REASON} == set()
